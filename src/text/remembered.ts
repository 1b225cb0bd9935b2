/**
 * A cache for pure functions of strings that hot loops call with repeated values: an organisation named on 5,000
 * lines of an import, a name looked at three times. It forgets everything past a bound, so memory stays small (a
 * bigger bound only holds the unique names of a long file, each asked for once, at the cost of tens of megabytes).
 */
export function remembered(compute: (value: string) => string, bound = 10_000): (value: string) => string {
  const known = new Map<string, string>();
  return (value) => {
    let answer = known.get(value);
    if (answer === undefined) {
      answer = compute(value);
      if (known.size >= bound) known.clear();
      known.set(value, answer);
    }
    return answer;
  };
}
