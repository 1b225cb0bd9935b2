/** Wall-clock times in the programme's time zone, as <input type="datetime-local"> shows and sends them ("2026-03-05T14:30"). */

function wallClock(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}`;
}

/** The moment as the programme's clock shows it, to the minute. */
export function toLocalInput(at: Date, timeZone: string): string {
  return wallClock(at, timeZone);
}

const pattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/;

/**
 * The moment a wall-clock time in `timeZone` names; null when it is not a real time (30 February, 25:00) or out of
 * range. A time skipped by a clock change is read with the offset before it.
 */
export function fromLocalInput(value: string, timeZone: string): Date | null {
  const match = pattern.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1900 || year > 2200 || hour > 23 || minute > 59) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  // The zone's offset at that moment, found by reading the clock there; twice, in case the first guess crossed a change.
  const offsetAt = (at: number) => Date.parse(`${wallClock(new Date(at), timeZone)}:00Z`) - at;
  let moment = asUtc - offsetAt(asUtc);
  moment = asUtc - offsetAt(moment);
  return new Date(moment);
}
