/** An import as it is stored: its record (without the file), the file itself, how it is read and mapped. */
import { eq, getTableColumns, sql } from "drizzle-orm";
import { type Db, rowsOf, type Tx } from "../db/client";
import { imports } from "../db/schema";
import type { Delimiter } from "./delimiter";
import type { Encoding } from "./encoding";
import type { FieldKey } from "./fields";
import type { ReadTableOptions } from "./table";

export const { fileBytes: _file, ...recordColumns } = getTableColumns(imports);
/** An import as pages and runs see it: everything but the stored file, which is read only when it is read through. */
export type ImportRecord = Omit<typeof imports.$inferSelect, "fileBytes">;

/**
 * What the mapping step saves with the import: the field of each column (null: ignored); and what the preview
 * chose: the fields whose stored values the file's replace (by default none: empty fields are filled, the rest kept).
 */
export type ImportMapping = {
  columns: (FieldKey | null)[];
  overwrite: string[];
  /** The file's organisation names taken as ones in the directory: same-name key → organisation id. */
  sameAs?: Record<string, number>;
};

export async function getImport(db: Db | Tx, id: number): Promise<ImportRecord | undefined> {
  const [row] = await db.select(recordColumns).from(imports).where(eq(imports.id, id));
  return row;
}

// The file travels as base64 text, encoded and decoded by PostgreSQL and Node's own code: PGlite's bytea
// parameters and results go through hex in JavaScript, 4.8 s to store 13 MB and 2.2 s to read it back (base64:
// 0.6 s and 0.2 s).
export const asBytea = (bytes: Uint8Array) => sql`decode(${Buffer.from(bytes).toString("base64")}, 'base64')`;
const filePieceBytes = 4 * 1024 * 1024;

/**
 * The stored file, fetched a few megabytes at a time: a 50 MB file in one answer would be the largest thing an
 * import ever holds, twice (the text and the bytes).
 */
export async function fileOf(db: Db | Tx, id: number): Promise<Uint8Array> {
  const [size] = rowsOf<{ bytes: number | string | null }>(
    await db.execute(sql`select octet_length(file_bytes) as bytes from imports where id = ${id}`),
  );
  const file = new Uint8Array(Number(size?.bytes ?? 0));
  for (let start = 0; start < file.length; start += filePieceBytes) {
    const [piece] = rowsOf<{ base64: string }>(
      await db.execute(
        sql`select encode(substring(file_bytes from ${start + 1} for ${filePieceBytes}), 'base64') as base64 from imports where id = ${id}`,
      ),
    );
    file.set(Buffer.from(piece?.base64 ?? "", "base64"), start);
  }
  return file;
}

/** How the stored file is read: its encoding and delimiter as the import says (possibly chosen by the user). */
export function readingOf(record: Pick<ImportRecord, "encoding" | "delimiter">): ReadTableOptions {
  return {
    encoding: (record.encoding as Encoding | null) ?? undefined,
    delimiter: (record.delimiter as Delimiter | null) ?? undefined,
  };
}

export function mappingOf(record: ImportRecord): ImportMapping {
  // Imports mapped before the choice was per field (`keepExisting`) replace nothing: the preview offers the choice.
  const stored = record.mapping as Partial<ImportMapping> | null;
  const overwrite = Array.isArray(stored?.overwrite)
    ? stored.overwrite.filter((field): field is string => typeof field === "string")
    : [];
  const sameAs = Object.fromEntries(
    Object.entries(stored?.sameAs ?? {}).filter(([, id]) => Number.isInteger(id) && id > 0),
  );
  return { columns: stored?.columns ?? [], overwrite, sameAs };
}

/** The states of an import still being prepared: its mapping may change, it may be previewed. */
export const preparing: ImportRecord["status"][] = ["uploaded", "mapped", "previewed"];
