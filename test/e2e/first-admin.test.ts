/** In a real browser: the printed setup link → create the first admin → dashboard → sign out → sign in → sign out. */
import { mkdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { chromiumPath, noChromiumReason, useServerAndBrowser } from "./browser";

if (!chromiumPath) console.warn(noChromiumReason);

describe.skipIf(!chromiumPath)("first run in a browser", () => {
  const running = useServerAndBrowser([]);

  test("setup → dashboard → sign out → sign in → sign out", async () => {
    const [, setupUrl] = await running.server.waitForOutput(/(http:\/\/\S+\/setup\?token=\S+)/);
    const page = await running.browser.newPage();
    const email = "leyla.aliyeva@example.org";
    const password = "a long and private phrase";

    await page.goto(setupUrl as string);
    await page.getByLabel("Name").fill("Leyla Əliyeva");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("New password", { exact: true }).fill(password);
    await page.getByLabel("New password again").fill(password);
    await page.getByRole("button", { name: "Create administrator" }).click();

    await page.getByRole("heading", { level: 1, name: "Welcome, Leyla Əliyeva" }).waitFor();
    await page.getByText("Administrator", { exact: true }).waitFor();
    mkdirSync(".screenshots", { recursive: true });
    await page.screenshot({ path: ".screenshots/dashboard.png", fullPage: true });

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    await page.getByText("You have signed out.").waitFor();

    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Welcome, Leyla Əliyeva" }).waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    await page.goto(`${running.server.url}/`);
    expect(new URL(page.url()).pathname).toBe("/login");
  });
});
