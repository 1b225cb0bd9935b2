/** In a real browser on the demo network: the CSV import wizard, from the upload to the undo, with and without JavaScript. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import { fixturePath } from "../fixtures/imports/files";
import {
  accessibilityViolations,
  chromiumPath,
  noChromiumReason,
  signInAsDemoAdmin,
  useServerAndBrowser,
} from "./browser";

if (!chromiumPath) console.warn(noChromiumReason);

const peopleFile = fixturePath("people_ru_cp1251_semicolon.csv");
const organizationsFile = fixturePath("organizations_utf8_bom.csv");

/** The counts of a `dl.facts` by label, e.g. { "To create": 5, "Lines rejected": 1, … }. */
async function countsOf(page: Page): Promise<Record<string, number>> {
  return page.locator("dl.facts").evaluate((list) => {
    const counts: Record<string, number> = {};
    for (const term of list.querySelectorAll("dt")) {
      const value = term.nextElementSibling?.textContent ?? "";
      counts[term.textContent?.trim() ?? ""] = Number(value.replace(/[^\d]/g, ""));
    }
    return counts;
  });
}

/** The heading of the import's status section: "Importing…", "Imported", … */
async function statusOf(page: Page): Promise<string> {
  return ((await page.locator("#import-status h2").textContent()) ?? "").trim();
}

/** How wide the document is, scrolled sideways included. */
function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/** The navigation bar's search for a name; true if a link with exactly that name is among the results. */
async function directoryHas(page: Page, name: string): Promise<boolean> {
  await page.getByLabel("Search people and organisations").fill(name);
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: /Results for/ }).waitFor();
  return (await page.locator("main").getByRole("link", { name, exact: true }).count()) > 0;
}

/** From the imports list: "Import a file", the kind, the file, upload. */
async function upload(page: Page, url: string, file: string, kind = "People"): Promise<void> {
  await page.goto(`${url}/imports`);
  await page.getByRole("link", { name: "Import a file" }).click();
  await page.getByRole("heading", { level: 1, name: "Import a file" }).waitFor();
  await page.getByRole("radio", { name: kind, exact: true }).check();
  await page.getByLabel("The file").setInputFiles(file);
  await page.getByRole("button", { name: "Upload and map the columns" }).click();
}

/** The field chosen for a column of the mapping page, by its visible label. */
async function fieldOf(page: Page, header: string): Promise<string> {
  const select = page.getByLabel(`Field for the column ${header}`, { exact: true });
  return select.evaluate((element) => {
    const chosen = (element as HTMLSelectElement).selectedOptions[0];
    return chosen?.textContent?.trim() ?? "";
  });
}

describe.skipIf(!chromiumPath)("the import wizard in a browser", () => {
  const running = useServerAndBrowser(["--demo"]);

  test("upload, map, preview, import, download the rejected rows, undo", async () => {
    const page = await running.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const { url } = running.server;
    try {
      await signInAsDemoAdmin(page, url);

      // 1. Imports from the navigation bar, "Import a file", People (the default), the Windows-1251 file.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Imports" }).click();
      await page.getByRole("heading", { level: 1, name: "Imports" }).waitFor();
      await page.getByRole("link", { name: "Import a file" }).click();
      await page.getByRole("heading", { level: 1, name: "Import a file" }).waitFor();
      expect(await page.getByRole("radio", { name: "People", exact: true }).isChecked()).toBe(true);
      await page.getByLabel("The file").setInputFiles(peopleFile);
      await page.getByRole("button", { name: "Upload and map the columns" }).click();

      // 2. The mapping page: encoding and delimiter as detected, the Russian headers matched.
      await page
        .getByRole("heading", { level: 1, name: "Map the columns of people_ru_cp1251_semicolon.csv" })
        .waitFor();
      expect(page.url()).toMatch(/\/imports\/\d+\/map$/);
      const importUrl = page.url().replace(/\/map$/, "");
      await page.getByText("7 rows found.").waitFor();
      expect(await page.getByLabel("Encoding", { exact: true }).inputValue()).toBe("windows-1251");
      expect(await page.getByLabel("Delimiter").inputValue()).toBe(";");
      expect(await fieldOf(page, "Фамилия Имя")).toBe("Full name");
      expect(await fieldOf(page, "Эл. почта")).toBe("Email");
      expect(await fieldOf(page, "Организация")).toBe("Organisation");
      expect(await fieldOf(page, "Должность")).toBe("Position");
      expect(await fieldOf(page, "Моб. телефон")).toBe("Phone");
      expect(await fieldOf(page, "Город")).toBe("City");
      expect(await fieldOf(page, "Страна")).toBe("Country");
      // The first values are read right: Cyrillic, not mojibake.
      expect(await page.locator("main table").textContent()).toContain("Ибрагимов Фарид");
      // The first line of names as each one-byte code page reads it, the chosen one marked.
      const chosenReading = page.locator(".encoding-readings li[aria-current=true]");
      expect(await chosenReading.textContent()).toMatch(/^Windows-1251 \(Cyrillic\) \(chosen\).*[А-Яа-я]/);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: "/tmp/import-map.png", fullPage: true });
      // And at phone width: the table of columns must not push the page sideways.
      await page.setViewportSize({ width: 390, height: 800 });
      await page.screenshot({ path: "/tmp/import-map-phone.png", fullPage: true });
      expect
        .soft(await pageWidth(page), "the mapping page fits a 390px phone without sideways scrolling")
        .toBe(390);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.getByLabel("Save this mapping as").fill("Russian partner list");
      await page.getByRole("button", { name: "Preview the import" }).click();

      // 3. The preview: the counts, the rejected line and why, nothing written yet.
      await page
        .getByRole("heading", { level: 1, name: "What importing people_ru_cp1251_semicolon.csv will do" })
        .waitFor();
      expect(page.url()).toBe(`${importUrl}/preview`);
      expect(await countsOf(page)).toMatchObject({ "To create": 5, "Lines rejected": 1 });
      const rejected = page.getByRole("region", { name: /^1 line rejected/ });
      const rejectedRows = rejected.locator("tbody tr");
      expect(await rejectedRows.count()).toBe(1);
      const cells = (await rejectedRows.first().locator("td").allTextContents()).map((c) => c.trim());
      // Line 8: the quoted cell of line 4 holds a line break, so the file's lines run one ahead of its rows.
      expect(cells).toEqual(["8", "Эл. почта", "This is not an email address.", "gunay@@sample.az"]);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.screenshot({ path: "/tmp/import-preview.png", fullPage: true });
      await page.setViewportSize({ width: 390, height: 800 });
      await page.screenshot({ path: "/tmp/import-preview-phone.png", fullPage: true });
      expect
        .soft(await pageWidth(page), "the preview fits a 390px phone without sideways scrolling")
        .toBe(390);
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await directoryHas(page, "Ибрагимов Фарид")).toBe(false);
      await page.goto(`${importUrl}/preview`);
      await page.getByRole("heading", { level: 1, name: /^What importing / }).waitFor();

      // 4. Import: the status page follows the import by itself (no reload: the marker on window survives).
      await page.getByRole("button", { name: "Import", exact: true }).click();
      await page.waitForURL(importUrl);
      // The page shows the import started (running, or already done), not the state from before the click.
      expect(await statusOf(page)).toMatch(/^(Importing…|Imported)$/);
      await page.evaluate(() => {
        (window as unknown as { importMarker: string }).importMarker = "still here";
      });
      await page
        .locator("#import-status")
        .getByRole("heading", { name: "Imported" })
        .waitFor({ timeout: 30_000 });
      expect(await page.evaluate(() => (window as unknown as { importMarker?: string }).importMarker)).toBe(
        "still here",
      );
      expect(await countsOf(page)).toMatchObject({ "To create": 5, "Lines rejected": 1 });
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(await directoryHas(page, "Ибрагимов Фарид")).toBe(true);
      await page.goto(importUrl);

      // 5. The rejected lines as CSV: BOM, the file's header and a Reason column, Gunay's line with its reason.
      // The link must download the file. (If it does not, the file is fetched directly so the steps after it still run.)
      const link = page.getByRole("link", { name: "Download the rejected lines (CSV)" });
      const href = `${url}${await link.getAttribute("href")}`;
      const [download] = await Promise.all([
        page.waitForEvent("download", { timeout: 10_000 }).catch(() => null),
        link.click(),
      ]);
      expect.soft(download, "clicking “Download the rejected lines (CSV)” downloads a file").not.toBeNull();
      if (download) expect(download.suggestedFilename()).toBe("people_ru_cp1251_semicolon-rejected.csv");
      const bytes = download
        ? readFileSync(await download.path())
        : Buffer.from(await (await page.request.get(href)).body());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.toString("utf8").slice(1).split("\r\n").filter(Boolean);
      expect(lines[0]).toBe(
        "Фамилия Имя,Организация,Должность,Моб. телефон,Эл. почта,Город,Страна,Пол,Комментарий,Reason",
      );
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain("Оруджева Гюнай");
      expect(lines[1]).toContain("gunay@@sample.az");
      expect(lines[1]).toMatch(/,Эл\. почта: This is not an email address\.$/);

      // 6. Undo: said so, and the people it created are gone.
      if (page.url() !== importUrl) await page.goto(importUrl);
      await page.getByRole("button", { name: "Undo this import" }).click();
      await page.locator("#flash").getByText("The import was undone.").waitFor();
      await page.locator("#import-status").getByRole("heading", { name: "Undone" }).waitFor();
      expect(await directoryHas(page, "Ибрагимов Фарид")).toBe(false);

      // 7. The same file again: the saved mapping is offered.
      await upload(page, url, peopleFile);
      await page.getByRole("heading", { level: 1, name: /^Map the columns of / }).waitFor();
      const saved = page.getByLabel("A saved mapping");
      expect(await saved.locator("option").allTextContents()).toContain("Russian partner list");
      await saved.selectOption({ label: "Russian partner list" });
      await page.getByRole("button", { name: "Use it" }).click();
      await page.waitForURL(/\/map\?saved=\d+$/);
      expect(await fieldOf(page, "Фамилия Имя")).toBe("Full name");
      expect(await fieldOf(page, "Эл. почта")).toBe("Email");
    } finally {
      await page.close();
    }
  }, 180_000);

  test("a file that is not CSV is refused on the upload page, and no import is made", async () => {
    const page = await running.browser.newPage();
    const { url } = running.server;
    const folder = mkdtempSync(join(tmpdir(), "import-e2e-"));
    // The start of a zip (an .xlsx) and of a PNG image.
    const workbook = join(folder, "partners-workbook.xlsx");
    writeFileSync(workbook, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0, 0]));
    const image = join(folder, "partners-photo.png");
    writeFileSync(
      image,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    );
    try {
      await signInAsDemoAdmin(page, url);
      for (const [file, message] of [
        [workbook, /This workbook could not be read\./],
        [image, /This is not a CSV or text file\./],
      ] as const) {
        await upload(page, url, file);
        await page.getByText(message).waitFor();
        await page.getByRole("heading", { level: 1, name: "Import a file" }).waitFor();
        expect(new URL(page.url()).pathname).toBe("/imports");
        expect(await accessibilityViolations(page)).toEqual([]);
      }
      await page.goto(`${url}/imports`);
      const list = (await page.locator("main").textContent()) ?? "";
      expect(list).not.toContain("partners-workbook.xlsx");
      expect(list).not.toContain("partners-photo.png");
    } finally {
      await page.close();
    }
  }, 180_000);

  test("the whole import works without JavaScript", async () => {
    const context = await running.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const { url } = running.server;
    try {
      await signInAsDemoAdmin(page, url);
      await upload(page, url, organizationsFile, "Organisations");
      await page
        .getByRole("heading", { level: 1, name: "Map the columns of organizations_utf8_bom.csv" })
        .waitFor();
      expect(await page.getByLabel("Encoding", { exact: true }).inputValue()).toBe("utf-8");
      expect(await page.getByLabel("Delimiter").inputValue()).toBe(",");
      expect(await fieldOf(page, "Name")).toBe("Organisation name");
      await page.getByRole("button", { name: "Preview the import" }).click();
      await page
        .getByRole("heading", { level: 1, name: /^What importing organizations_utf8_bom\.csv/ })
        .waitFor();
      const planned = await countsOf(page);
      expect(planned["Lines rejected"]).toBeGreaterThanOrEqual(1);
      await page.getByRole("button", { name: "Import", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "organizations_utf8_bom.csv" }).waitFor();

      // Without JavaScript nothing polls: while it runs, the page offers a Refresh link.
      const status = page.locator("#import-status h2");
      for (let attempt = 0; attempt < 30; attempt++) {
        const text = (await status.textContent())?.trim();
        if (text !== "Importing…") break;
        await page.locator("#import-status").getByRole("link", { name: "Refresh" }).click();
        await page.waitForTimeout(500);
      }
      expect((await status.textContent())?.trim()).toBe("Imported");
      expect(await countsOf(page)).toMatchObject({
        "To create": planned["To create"],
        "Lines rejected": planned["Lines rejected"],
      });
      expect(await directoryHas(page, "Marneuli Civic Integration Centre")).toBe(true);
    } finally {
      await context.close();
    }
  }, 180_000);

  // On the embedded PGlite the status page waits for the import's transaction, so it may open on "Imported";
  // on PostgreSQL it opens while the import runs and htmx polls it to the end.
  test("the status page follows a long import by itself, without a reload", async () => {
    const page = await running.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const { url } = running.server;
    const folder = mkdtempSync(join(tmpdir(), "import-e2e-"));
    const file = join(folder, "many-people.csv");
    const rows = Array.from(
      { length: 20_000 },
      (_, i) => `Polling Person ${i + 1},polling.person.${i + 1}@example.org`,
    );
    writeFileSync(file, ["Full name,Email", ...rows].join("\n"));
    try {
      await signInAsDemoAdmin(page, url);
      await upload(page, url, file);
      await page.getByRole("heading", { level: 1, name: "Map the columns of many-people.csv" }).waitFor();
      await page.getByRole("button", { name: "Preview the import" }).click();
      await page
        .getByRole("heading", { level: 1, name: /^What importing many-people\.csv/ })
        .waitFor({ timeout: 60_000 });
      expect(await countsOf(page)).toMatchObject({ "To create": 20_000, "Lines rejected": 0 });
      await page.getByRole("button", { name: "Import", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "many-people.csv" }).waitFor();
      // Started: running with its progress bar (polled), or already done; never the state from before the click.
      const first = await statusOf(page);
      expect(first).toMatch(/^(Importing…|Imported)$/);
      if (first === "Importing…") {
        expect(await page.getByRole("progressbar", { name: "Progress of the import" }).count()).toBe(1);
      }
      await page.evaluate(() => {
        (window as unknown as { importMarker: string }).importMarker = "still here";
      });
      await page
        .locator("#import-status")
        .getByRole("heading", { name: "Imported" })
        .waitFor({ timeout: 120_000 });
      expect(await page.evaluate(() => (window as unknown as { importMarker?: string }).importMarker)).toBe(
        "still here",
      );
      expect(await countsOf(page)).toMatchObject({ "To create": 20_000 });
    } finally {
      await page.close();
    }
  }, 180_000);
});
