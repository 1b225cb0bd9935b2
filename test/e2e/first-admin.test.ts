/** In a real browser: the printed setup link → create the first admin → dashboard → sign out → sign in → sign out. */
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { type ServerProcess, startServerProcess } from "../helpers/server-process";
import { chromiumPath, launchBrowser, noChromiumReason } from "./browser";

if (!chromiumPath) console.warn(noChromiumReason);

describe.skipIf(!chromiumPath)("first run in a browser", () => {
  let server: ServerProcess;
  let browser: Browser;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    // Against the real PostgreSQL when DATABASE_URL is set (a fresh database), else the embedded default.
    database = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
    server = await startServerProcess({ DATABASE_URL: database?.url });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.close();
  });

  test("setup → dashboard → sign out → sign in → sign out", async () => {
    const [, setupUrl] = await server.waitForOutput(/(http:\/\/\S+\/setup\?token=\S+)/);
    const page = await browser.newPage();
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
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe("/login");
  });
});
