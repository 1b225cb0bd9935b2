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
  // In a narrow search a name starting with the query comes first; a broad one lists by name only.
  for (const fullName of ["Aaron Gənclərov", "Gənclər Zülfüqarov"]) {
    rows.push({ fullName, ...personSearchColumns({ fullName, otherNames: [] }) });
  }
  await t.db.insert(people).values(rows);
});
afterAll(async () => {
  await t?.close();
});

describe("a broad search", () => {
  it("says more than 1,000 match, offers 20 pages, and lists by name", async () => {
    const html = await (await staff.get("/people?q=g%C9%99ncl%C9%99r")).text();
    expect(html).toContain("More than 1,000 match. Type more to narrow the search.");
    expect(html).toContain("Page 1 of 20");
    const last = await (await staff.get("/people?q=g%C9%99ncl%C9%99r&page=20")).text();
    expect(last).toContain("Page 20 of 20");
    expect(last).not.toContain("page=21");
    const results = html.slice(html.indexOf('id="people-results"'));
    expect(results.indexOf("Aaron Gənclərov")).toBeGreaterThan(0);
    expect(results.indexOf("Aaron Gənclərov")).toBeLessThan(results.indexOf("Gənclər Zülfüqarov"));
    expect(results.indexOf("Gənclər Zülfüqarov")).toBeLessThan(results.indexOf("Participant 0000"));
  });

  it("counts exactly, and ranks names starting with the query first, once it is narrow enough", async () => {
    const html = await (await staff.get("/people?q=participant%2000")).text();
    expect(html).toContain("100 people");
    const few = await (await staff.get("/search?q=g%C9%99ncl%C9%99rov")).text();
    expect(few).toContain("Aaron Gənclərov");
  });
});
