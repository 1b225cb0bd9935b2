/** In a real browser on the demo network: consent recorded for ticked roster rows, and on a person's own form. */
import { describe, expect, test } from "vitest";
import { accessibilityViolations, chromiumPath, signInAsDemoAdmin, useServerAndBrowser } from "./browser";

describe.skipIf(!chromiumPath)("consent in a browser", () => {
  const running = useServerAndBrowser(["--demo"]);

  test("ticking rows sends nothing; their consent is recorded at once; the person's form sets each purpose", async () => {
    const page = await running.browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      const { url } = running.server;
      await signInAsDemoAdmin(page, url);
      // The first activity of the list with people on its roster.
      await page.goto(`${url}/activities`);
      const hrefs = await page
        .locator("main a[href^='/activities/']")
        .evaluateAll((links) =>
          links
            .map((link) => link.getAttribute("href") ?? "")
            .filter((href) => /^\/activities\/\d+$/.test(href)),
        );
      let rosterUrl = "";
      for (const href of hrefs) {
        await page.goto(`${url}${href}/participants`);
        if ((await page.locator("table.roster tbody tr").count()) >= 2) {
          rosterUrl = page.url();
          break;
        }
      }
      expect(rosterUrl).not.toBe("");
      expect(await accessibilityViolations(page)).toEqual([]);

      const sent: string[] = [];
      page.on("request", (request) => sent.push(`${request.method()} ${new URL(request.url()).pathname}`));
      const boxes = page.locator("table.roster tbody input[type=checkbox]");
      const names = await page.locator("table.roster tbody th[scope=row] a").allTextContents();
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      // A tick is not a change of the row: no row is posted, and the ticks stay.
      await page.waitForTimeout(300);
      expect(sent).toEqual([]);
      expect(await boxes.nth(0).isChecked()).toBe(true);

      const form = page.locator("#roster-consent");
      await form.getByLabel("Purpose").selectOption("photos");
      await form.getByLabel("Answer").selectOption("withdrawn");
      await form.getByLabel("How").selectOption("verbal");
      await form.getByLabel("Date").fill("2024-02-03");
      await page.getByRole("button", { name: "Record for the ticked people" }).click();
      await page
        .locator("#flash")
        .getByText(/^Consent for Photos recorded for 2 people\.$/)
        .waitFor();
      for (const name of names.slice(0, 2)) {
        const row = page.locator("table.roster tbody tr", { hasText: name });
        await expect.poll(() => row.locator("td.consent-withdrawn").count()).toBe(1);
      }

      // The first person's page shows it; their form changes another purpose.
      await page.locator("table.roster tbody th[scope=row] a").first().click();
      const section = page.locator("#consent");
      await section.getByRole("row", { name: /^Photos Withdrawn/ }).waitFor();
      await section.getByRole("link", { name: "Record consent" }).click();
      await page.getByRole("group", { name: "Contact" }).getByLabel("Answer").selectOption("refused");
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page.locator("#flash").getByText("Consent saved.").waitFor();
      await section.getByRole("row", { name: /^Contact Refused/ }).waitFor();
    } finally {
      await page.close();
    }
  }, 180_000);
});
