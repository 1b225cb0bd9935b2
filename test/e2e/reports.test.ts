/** In a real browser on the demo network: read the overview, change the range, download a table, print it. */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  accessibilityViolations,
  chromiumPath,
  noChromiumReason,
  signInAsDemoAdmin,
  useServerAndBrowser,
} from "./browser";

if (!chromiumPath) console.warn(noChromiumReason);

describe.skipIf(!chromiumPath)("the participation reports in a browser", () => {
  const running = useServerAndBrowser(["--demo"]);

  test("open the overview, change the range, download a CSV, print preview", async () => {
    const page = await running.browser.newPage({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    try {
      const { url } = running.server;
      await signInAsDemoAdmin(page, url);
      await page.getByRole("link", { name: "Reports" }).click();
      await page.getByRole("heading", { level: 1, name: "Reports: Overview" }).waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);

      // The demo network's activities run from 1998: the whole programme shows far more than this year.
      const held = async () =>
        Number(((await page.locator(".report-figures dd").first().textContent()) ?? "").replace(/\D/g, ""));
      const thisYear = await held();
      await page.getByLabel("Period").selectOption("programme");
      await page.getByLabel("Group by").selectOption("year");
      await page.getByRole("button", { name: "Show" }).click();
      await page.waitForURL(/range=programme/);
      const wholeProgramme = await held();
      expect(wholeProgramme).toBeGreaterThan(thisYear);
      expect(wholeProgramme).toBeGreaterThanOrEqual(60);
      // The chart says what it shows to a screen reader, and the table beside it has the same numbers.
      const chart = page.getByRole("img", { name: /By kind of activity/ });
      await chart.waitFor();
      const rows = page.locator("#by-kind-heading ~ div table tbody tr");
      expect(await rows.count()).toBeGreaterThan(3);

      // A figure leads to the records behind it.
      await page.locator(".report-figures a").first().click();
      await page.getByRole("heading", { level: 1, name: `${wholeProgramme} activities` }).waitFor();
      await page.goBack();

      const [download] = await Promise.all([
        page.waitForEvent("download", { timeout: 10_000 }),
        page.getByRole("link", { name: "Download “By kind of activity” as CSV" }).click(),
      ]);
      const bytes = readFileSync(await download.path());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString("utf8");
      expect(text).toContain("Kind,Activities,Participations (attended),Unique people");
      expect(text).toContain("Training,");

      // Printed: no navigation or filters, the scope stated at the top, every section there.
      await page.emulateMedia({ media: "print" });
      expect(await page.locator(".site-header").isVisible()).toBe(false);
      expect(await page.locator(".report-filters").isVisible()).toBe(false);
      expect(await page.locator(".report-scope").first().isVisible()).toBe(true);
      expect(await page.locator(".report-section").count()).toBe(3);
      const pdf = await page.pdf({ format: "A4" });
      expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    } finally {
      await page.close();
    }
  });
});
