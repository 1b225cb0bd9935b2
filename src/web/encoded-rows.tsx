/**
 * The rows of a long list (a roster of a hundred people), turned into UTF-8 bytes one at a time (decision 16).
 *
 * A page is rendered as one string of many small pieces, which V8 copies into a single string before it can be
 * encoded. Once a page passes about 100 KB and holds a letter beyond Latin-1 (every page does: "Azərbaycanca" and
 * "Русский" in the language menu, and the names in the data), that copy cost more than rendering the page. Rows
 * encoded one by one skip it: the page holds a marker in their place, and `sendHtml` puts their bytes there.
 */
import { randomUUID } from "node:crypto";
import { raw } from "hono/html";
import { createContext, useContext } from "hono/jsx";
import type { HtmlEscapedString } from "hono/utils/html";

/** One page's rows already in bytes, and how to put them into the rest of the page. */
export class EncodedLists {
  /**
   * The markers name this page's token: no text of another page, or typed by a user (escaped), can be one. Made with
   * the first list: most pages have none, and every page is sent through here.
   */
  private token = "";
  private readonly lists: Buffer[] = [];

  /** Keeps `rows` (escaped html) as bytes; what the page holds in their place. */
  hold(rows: readonly string[]): HtmlEscapedString {
    this.token ||= randomUUID();
    this.lists.push(Buffer.concat(rows.map((row) => Buffer.from(row))));
    return raw(`<!--rows ${this.token} ${this.lists.length - 1}-->`);
  }

  /** The page as bytes, each list's bytes in its marker's place. */
  encode(page: string): Buffer<ArrayBuffer> {
    if (this.lists.length === 0) return Buffer.from(page);
    const parts = page.split(new RegExp(`<!--rows ${this.token} (\\d+)-->`));
    // split with a captured group: text, list number, text, list number, …, text.
    return Buffer.concat(
      parts.map((part, at) => (at % 2 === 1 ? (this.lists[Number(part)] as Buffer) : Buffer.from(part))),
    ) as Buffer<ArrayBuffer>;
  }
}

export const EncodedListsContext = createContext<EncodedLists | null>(null);

type Row = HtmlEscapedString | Promise<HtmlEscapedString> | string;

/** Rows of escaped html (from html`` templates), encoded apart from the page when it is sent by `render`. */
export function EncodedRows({ rows }: { rows: readonly Row[] }) {
  const texts = rows.map((row) => {
    if (row instanceof Promise) throw new Error("EncodedRows takes rows rendered synchronously");
    return String(row);
  });
  const lists = useContext(EncodedListsContext);
  return lists ? lists.hold(texts) : raw(texts.join(""));
}
