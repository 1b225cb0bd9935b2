import { describe, expect, test } from "vitest";
import {
  accessibilityViolations,
  chromiumPath,
  noChromiumReason,
  signInAsDemoAdmin,
  useServerAndBrowser,
} from "./browser";

if (!chromiumPath) console.warn(noChromiumReason);

describe.skipIf(!chromiumPath)("the contact log in a browser", () => {
  const running = useServerAndBrowser(["--demo"]);

  test("person → log a contact with a follow-up → back on the page → done on the dashboard", async () => {
    const page = await running.browser.newPage();
    await signInAsDemoAdmin(page, running.server.url);
    await page.getByLabel("Search people and organisations").fill("Rashad Mammadov");
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: "Rashad Mammadov" }).first().click();
    await page.getByRole("heading", { level: 1, name: "Rashad Mammadov" }).waitFor();

    // 1: the link; 2: the subject; 3: the follow-up date; 4: save. The person is already ticked, the time is now.
    await page.locator("#contacts").getByRole("link", { name: "Log a contact" }).click();
    await page.getByLabel("Subject").fill("Browser-logged call");
    await page.getByLabel("Follow up by").fill("2020-01-01");
    await page.getByRole("button", { name: "Save contact" }).click();

    await page.getByText("Contact “Browser-logged call” saved.").waitFor();
    await page.getByRole("heading", { level: 1, name: "Rashad Mammadov" }).waitFor();
    expect(await page.locator("#contacts").textContent()).toContain("Browser-logged call");

    await page.getByRole("link", { name: "Dashboard" }).click();
    const row = page.locator("#follow-ups tr", { hasText: "Browser-logged call" });
    await row.waitFor();
    await row.getByRole("button", { name: "Done" }).click();
    await page.locator("#flash").getByText("Follow-up marked done.").waitFor();
    await row.waitFor({ state: "detached" });
  });

  test("a double click on Save logs once; the contact is opened from the person's page, edited and deleted", async () => {
    const page = await running.browser.newPage();
    await signInAsDemoAdmin(page, running.server.url);
    await page.goto(`${running.server.url}/interactions/new?person=1&return=/people/1%23contacts`);
    await page.getByLabel("Subject").fill("Double-clicked call");
    await page.getByRole("button", { name: "Save contact" }).dblclick();
    await page.getByText("Contact “Double-clicked call” saved.").waitFor();
    const logged = page.locator("#contacts tr", { hasText: "Double-clicked call" });
    expect(await logged.count()).toBe(1);

    await logged.getByRole("link", { name: "Double-clicked call" }).click();
    await page.getByRole("heading", { level: 1, name: "Double-clicked call" }).waitFor();
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByLabel("Subject").fill("Call, corrected");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Your changes are saved.").waitFor();
    await page.getByRole("heading", { level: 1, name: "Call, corrected" }).waitFor();
    await page.getByRole("link", { name: "History" }).click();
    await page.getByRole("cell", { name: "Double-clicked call" }).first().waitFor();
    await page.goBack();

    await page.getByText("Delete this contact").click();
    await page.getByRole("button", { name: "Delete “Call, corrected”" }).click();
    await page.getByText("Contact “Call, corrected” deleted.").waitFor();
    expect(new URL(page.url()).pathname).toBe("/interactions");
  });

  test("the contact pages pass axe's WCAG 2.1 AA checks in all three languages, with errors shown", async () => {
    const page = await running.browser.newPage();
    await signInAsDemoAdmin(page, running.server.url);
    const found: string[] = [];
    for (const language of ["English", "Azərbaycanca", "Русский"]) {
      await page.goto(`${running.server.url}/`);
      await page.getByRole("button", { name: language }).click();
      for (const path of [
        "/interactions/new?person=1",
        "/interactions",
        "/interactions?kind=call&person=x",
        "/interactions/1",
        "/interactions/1/edit",
        "/interactions/1/history",
        "/",
      ]) {
        await page.goto(`${running.server.url}${path}`);
        found.push(...(await accessibilityViolations(page)).map((v) => `${language} ${path}: ${v}`));
      }
      // The form with its errors beside the fields.
      await page.goto(`${running.server.url}/interactions/new`);
      await page.locator("#field-people").fill("Nobody At All");
      await page.locator("#field-subject").fill("Checked by axe");
      await page.locator("form.record-form button[type=submit]").click();
      await page.locator("#field-people-error").waitFor();
      found.push(...(await accessibilityViolations(page)).map((v) => `${language} 422: ${v}`));
    }
    expect(found).toEqual([]);
  }, 120_000);
});
