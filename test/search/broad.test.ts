/** A search too broad to count: it stops at 1,000, says there are more, and lists in name order. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { people } from "../../src/db/schema";
import { broadMatches } from "../../src/directory/search";
import { personSearchColumns } from "../../src/directory/search-columns";
import { type Client, createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
let staff: Client;
beforeAll(async () => {
  t = await createTestApp();
  ({ client: staff } = await t.loginAs("staff"));
  const rows = Array.from({ length: broadMatches + 5 }, (_, index) => {
    const fullName = `Participant ${String(index).padStart(4, "0")} Gənclər`;
    return { fullName, ...personSearchColumns({ fullName, otherNames: [] }) };
  });
  // Found by a substring in a search whose close spellings are too many to rank.
  for (const fullName of ["Aaron Gənclərov", "Gənclər Zülfüqarov"]) {
    rows.push({ fullName, ...personSearchColumns({ fullName, otherNames: [] }) });
  }
  await t.db.insert(people).values(rows);
});
afterAll(async () => {
  await t?.close();
});

describe("a broad search", () => {
  it("says more than 1,000 match, offers 20 pages, and ranks what it read by name", async () => {
    const html = await (await staff.get("/people?q=g%C9%99ncl%C9%99r")).text();
    expect(html).toContain("More than 1,000 match. Type more to narrow the search.");
    expect(html).toContain("Page 1 of 20");
    const last = await (await staff.get("/people?q=g%C9%99ncl%C9%99r&page=20")).text();
    expect(last).toContain("Page 20 of 20");
    expect(last).not.toContain("page=21");
    const results = html.slice(html.indexOf('id="people-results"'));
    // Which thousand are read first is the database's choice (a scan may start mid-table), so any of the names may be
    // on the page: what holds is a full page, in name order.
    const names = [...results.matchAll(/<a href="\/people\/\d+">([^<]*Gənclər[^<]*)</g)].map(
      (match) => match[1],
    );
    expect(names).toHaveLength(50);
    expect(names).toEqual([...names].sort());
  });

  it("counts exactly once it is narrow enough, and keeps a substring match first among many close spellings", async () => {
    const html = await (await staff.get("/people?q=participant%2000")).text();
    expect(html).toContain("100 people");
    const few = await (await staff.get("/search?q=g%C9%99ncl%C9%99rov")).text();
    expect(few).toContain("Aaron Gənclərov");
  });
});
