/** What separates the fields (`,` `;` tab `|`) and the records (CRLF, LF, CR) of an uploaded table, from its first lines. */

export const delimiters = [",", ";", "\t", "|"] as const;
export type Delimiter = (typeof delimiters)[number];

/** A delimiter as a form or the command line names it ("tab" for the tab character); undefined when none of ours. */
export function delimiterNamed(name: string | undefined): Delimiter | undefined {
  const value = name === "tab" ? "\t" : name;
  return delimiters.find((delimiter) => delimiter === value);
}

export const lineBreaks = ["\r\n", "\n", "\r"] as const;
export type LineBreak = (typeof lineBreaks)[number];

// Twenty records show the pattern; a file's later rows are no more honest than its first ones.
const sampleRecords = 20;

/** One record of the sample: how often each candidate occurs outside quotes, and the break that ends it. */
type RecordShape = { counts: Map<Delimiter, number>; lineBreak: LineBreak | undefined; blank: boolean };

const isDelimiter = (char: string): char is Delimiter => (delimiters as readonly string[]).includes(char);

/**
 * The first records of the text, read the way papaparse will: a quote opens a quoted field only at the start of a
 * field (`5" screen` is data), and inside one a doubled quote is a quote. Blank lines are left out; lines of bare
 * delimiters (`;;;;`, Excel's empty rows) stay in, since they have the file's field count.
 */
function sampleShapes(text: string): RecordShape[] {
  const shapes: RecordShape[] = [];
  const blankLineBreaks: LineBreak[] = [];
  let shape: RecordShape = { counts: new Map(), lineBreak: undefined, blank: true };
  let inQuotes = false;
  let fieldStart = true;
  const endRecord = (lineBreak: LineBreak | undefined) => {
    shape.lineBreak = lineBreak;
    if (!shape.blank || shape.counts.size > 0) shapes.push(shape);
    else if (lineBreak) blankLineBreaks.push(lineBreak);
    shape = { counts: new Map(), lineBreak: undefined, blank: true };
    fieldStart = true;
  };
  let index = 0;
  while (index < text.length && shapes.length < sampleRecords) {
    const char = text[index] as string;
    index++;
    if (inQuotes) {
      if (char === '"' && text[index] === '"') index++;
      else if (char === '"') inQuotes = false;
    } else if (char === "\r" || char === "\n") {
      const lineBreak = char === "\r" && text[index] === "\n" ? "\r\n" : char;
      index += lineBreak.length - 1;
      endRecord(lineBreak);
    } else if (isDelimiter(char)) {
      shape.counts.set(char, (shape.counts.get(char) ?? 0) + 1);
      fieldStart = true;
    } else {
      if (char === '"' && fieldStart) inQuotes = true;
      if (char.trim() !== "") shape.blank = false;
      fieldStart = false;
    }
  }
  if (shapes.length < sampleRecords) endRecord(undefined);
  // Blank lines still end with the file's line break, which matters when there is little else.
  for (const lineBreak of blankLineBreaks) shapes.push({ counts: new Map(), lineBreak, blank: true });
  return shapes;
}

/** The field count most records share (the larger on a tie) and how many share it. */
function commonFieldCount(shapes: RecordShape[], delimiter: Delimiter): { fields: number; records: number } {
  const tally = new Map<number, number>();
  for (const shape of shapes) {
    const fields = (shape.counts.get(delimiter) ?? 0) + 1;
    tally.set(fields, (tally.get(fields) ?? 0) + 1);
  }
  let best = { fields: 1, records: 0 };
  for (const [fields, records] of tally) {
    if (records > best.records || (records === best.records && fields > best.fields))
      best = { fields, records };
  }
  return best;
}

/**
 * The delimiter that splits the first records into the same number (more than one) of fields most consistently.
 * On a tie the one making more fields wins: in a `;` file with decimal commas in one column ("12,5") both split
 * every line evenly, but `;` makes the columns. Comma when nothing fits (a file of one column).
 */
export function detectDelimiter(text: string): Delimiter {
  const shapes = sampleShapes(text).filter((shape) => !shape.blank || shape.counts.size > 0);
  let best: { delimiter: Delimiter; fields: number; records: number } | undefined;
  for (const delimiter of delimiters) {
    const { fields, records } = commonFieldCount(shapes, delimiter);
    if (fields < 2) continue;
    if (!best || records > best.records || (records === best.records && fields > best.fields)) {
      best = { delimiter, fields, records };
    }
  }
  return best?.delimiter ?? ",";
}

/** The line break most of the first records end with, outside quotes (a quoted cell may hold others); LF when none. */
export function detectLineBreak(text: string): LineBreak {
  const tally = new Map<LineBreak, number>();
  for (const { lineBreak } of sampleShapes(text)) {
    if (lineBreak) tally.set(lineBreak, (tally.get(lineBreak) ?? 0) + 1);
  }
  let best: LineBreak = "\n";
  for (const lineBreak of lineBreaks) {
    if ((tally.get(lineBreak) ?? 0) > (tally.get(best) ?? 0)) best = lineBreak;
  }
  return best;
}
