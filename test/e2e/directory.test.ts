/**
 * In a real browser on the demo network: search, open a person, add an affiliation, see it on the organisation's
 * page; and download a list as it is filtered.
 */

import { readFileSync } from "node:fs";
import { read, utils } from "@e965/xlsx";
import { describe, expect, test } from "vitest";
import { chromiumPath, noChromiumReason, signInAsDemoAdmin, useServerAndBrowser } from "./browser";

if (!chromiumPath) console.warn(noChromiumReason);

describe.skipIf(!chromiumPath)("the directory in a browser", () => {
  const running = useServerAndBrowser(["--demo"]);

  test("search → person → add an affiliation → it shows on the organisation's page", async () => {
    const page = await running.browser.newPage();
    await signInAsDemoAdmin(page, running.server.url);

    await page.getByLabel("Search people and organisations").fill("Мамедов");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: /Results for/ }).waitFor();
    await page.getByRole("link", { name: "Rashad Mammadov" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Rashad Mammadov" }).waitFor();

    await page.getByText("Add an affiliation").first().click();
    await page.getByLabel("Organisation", { exact: true }).fill("Caspian Dialogue Weekly");
    await page.getByLabel("Position").fill("Guest columnist");
    await page
      .locator("#affiliations form.record-form")
      .getByRole("button", { name: "Add an affiliation" })
      .click();
    await page.getByText("The affiliation is added.").waitFor();

    await page.locator("#affiliations").getByRole("link", { name: "Caspian Dialogue Weekly" }).click();
    await page.getByRole("heading", { level: 1, name: "Caspian Dialogue Weekly" }).waitFor();
    const people = (await page.locator("#people-of-title + ul").textContent()) ?? "";
    expect(people).toContain("Rashad Mammadov");
    expect(people).toContain("Guest columnist");
  });

  test("a list filtered as it is typed downloads as an Excel workbook of what is shown", async () => {
    const page = await running.browser.newPage();
    await signInAsDemoAdmin(page, running.server.url);
    await page.goto(`${running.server.url}/people`);
    // Filtered by typing: htmx swaps the results, download form included.
    await page.getByLabel("Search", { exact: true }).fill("Mammadov");
    await page
      .locator("#people-results")
      .getByText(/^\d+ (person|people)$/)
      .waitFor();
    await expect.poll(() => page.locator("#people-results tbody tr").count()).toBeLessThan(10);
    const shown = await page.locator("#people-results tbody tr th a").allTextContents();
    await page.getByText("Download this list").click();
    await page.getByLabel("Download as").selectOption("xlsx");
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 10_000 }),
      page.getByRole("button", { name: "Download", exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = read(readFileSync((await download.path()) as string), { type: "buffer" });
    const rows = utils.sheet_to_json<string[]>(book.Sheets[book.SheetNames[0] ?? ""] ?? {}, { header: 1 });
    // The same people (a search's download is ordered by closeness alone, the page by substring matches first).
    const names = (list: string[]) => list.map((name) => name.trim()).sort();
    expect(names(rows.slice(1).map((row) => String(row[0])))).toEqual(names(shown));
    // The page is still the list: the file was saved, not put into the page.
    expect(await page.getByRole("heading", { level: 1, name: "People" }).count()).toBe(1);
  });
});
