/** Helpers the demo loader uses to insert in bounded statements and to turn the data files' keys into database ids. */

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters even for the widest table. */
export const chunkSize = 500;

/** Inserts rows chunk by chunk and returns what each statement's RETURNING gave back, in order. */
export async function insertInChunks<Row, Returned>(
  rows: readonly Row[],
  insert: (chunk: Row[]) => Promise<Returned[]>,
): Promise<Returned[]> {
  const returned: Returned[] = [];
  for (let start = 0; start < rows.length; start += chunkSize) {
    returned.push(...(await insert(rows.slice(start, start + chunkSize))));
  }
  return returned;
}

/**
 * Maps each record's key to the id the database gave it. PostgreSQL returns a multi-row INSERT's rows in VALUES
 * order; comparing a label makes sure of it instead of silently linking the wrong records.
 */
export function keyMap<Record extends { key: string }>(
  records: readonly Record[],
  returned: readonly { id: number; label: string }[],
  label: (record: Record) => string,
): Map<string, number> {
  if (returned.length !== records.length) {
    throw new Error(`Demo data: inserted ${returned.length} rows for ${records.length} records`);
  }
  const ids = new Map<string, number>();
  records.forEach((record, index) => {
    const row = returned[index];
    if (row?.label !== label(record))
      throw new Error(`Demo data: rows came back out of order at ${record.key}`);
    if (ids.has(record.key)) throw new Error(`Demo data: duplicate key ${record.key}`);
    ids.set(record.key, row.id);
  });
  return ids;
}

/** The id of a key, or a clear error naming the missing reference. */
export function idOf(ids: ReadonlyMap<string, number>, key: string, what: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`Demo data: unknown ${what} "${key}"`);
  return id;
}
