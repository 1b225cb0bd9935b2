/**
 * Rows encoded apart from their page (a long roster) arrive exactly as the page would have been sent whole, in any
 * script, and only this page's own markers are replaced.
 */
import { Hono } from "hono";
import { html } from "hono/html";
import { describe, expect, it } from "vitest";
import { EncodedLists, EncodedRows } from "../../src/web/encoded-rows";
import type { AppEnv } from "../../src/web/env";
import { render } from "../../src/web/render";

const names = [
  "Vaqif Vəliyev",
  "Вагиф Велиев",
  "გიორგი ბერიძე",
  "Արամ Պետրոսյան",
  "<script>alert(1)</script>",
];
const row = (name: string, at: number) => html`<tr><th scope="row">${name}</th><td>${at}</td></tr>`;

function Table({ rows, encoded }: { rows: string[]; encoded: boolean }) {
  const cells = rows.map(row);
  return (
    <table>
      <caption>Таблица · Cədvəl</caption>
      <tbody>{encoded ? <EncodedRows rows={cells} /> : cells}</tbody>
    </table>
  );
}

/** A bare app whose one page is the table, sent through `render` as every page is (no layout: a fragment). */
function appFor(rows: string[], encoded: boolean) {
  const app = new Hono<AppEnv>();
  app.get("/", (c) => render(c, { title: "Rows" }, <Table rows={rows} encoded={encoded} />));
  return app;
}

async function fetchFragment(rows: string[], encoded: boolean) {
  const response = await appFor(rows, encoded).request("/", { headers: { "hx-request": "true" } });
  return new Uint8Array(await response.arrayBuffer());
}

describe("rows encoded apart from their page", () => {
  it("arrive byte for byte as the whole page would, in every script", async () => {
    const many = Array.from({ length: 2000 }, (_, at) => names[at % names.length] as string);
    const whole = await fetchFragment(many, false);
    const apart = await fetchFragment(many, true);
    expect(apart).toEqual(whole);
    const text = new TextDecoder().decode(apart);
    expect(text).toContain('<th scope="row">Արամ Պետրոսյան</th><td>3</td>');
    expect(text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(text).not.toContain("<!--rows");
  });

  it("leaves a marker of another page as it was", async () => {
    const lists = new EncodedLists();
    const foreign = "<!--rows 00000000-0000-0000-0000-000000000000 0-->";
    const held = lists.hold(["<tr><td>Leyla</td></tr>"]);
    const page = `<table>${foreign}${held}</table>`;
    expect(new TextDecoder().decode(lists.encode(page))).toBe(
      `<table>${foreign}<tr><td>Leyla</td></tr></table>`,
    );
  });
});
