/** In a real browser on the demo network: search, open a person, add an affiliation, see it on the organisation's page. */
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
});
