/** Small pieces the import pages share: where an import lives, a delimiter in words, a cell cut to a page's size. */
import type { Translator } from "../i18n";
import { shortened } from "../text/shortened";
import type { Delimiter } from "./delimiter";

export const importPath = (id: number) => `/imports/${id}`;

const delimiterNames = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" } as const;
/** The delimiter in words: a bare ";" in a list of choices says little. */
export const delimiterLabel = (delimiter: Delimiter, t: Translator["t"]) =>
  t(`imports.delimiter.${delimiterNames[delimiter]}`);

/** A cell as a page shows it: a long one (a pasted letter, a 50 MB line) cut, so the page stays a page. */
export const shortenedCell = (cell: string) => shortened(cell, 200);
