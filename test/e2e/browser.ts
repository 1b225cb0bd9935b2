/** Debian's Chromium driven by playwright-core (never a downloaded browser); absent Chromium means the browser tests skip. */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { demoAdmin } from "../../src/first-run";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { type ServerProcess, startServerProcess } from "../helpers/server-process";

const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
export const chromiumPath = candidates.find((path): path is string => Boolean(path && existsSync(path)));
export const noChromiumReason =
  "no Chromium found (install Debian's chromium or set CHROMIUM_PATH); browser tests skipped";

// CI sets REQUIRE_CHROMIUM so that a missing browser fails the run instead of skipping quietly.
if (!chromiumPath && process.env.REQUIRE_CHROMIUM) {
  throw new Error(noChromiumReason.replace("browser tests skipped", "and REQUIRE_CHROMIUM is set"));
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * For one describe block: the real server (on a fresh PostgreSQL database when DATABASE_URL is set, else the
 * embedded default) and Chromium, started before its tests and stopped after. `--demo` waits for the demo network.
 */
export function useServerAndBrowser(args: string[] = []): { server: ServerProcess; browser: Browser } {
  const running = {} as { server: ServerProcess; browser: Browser };
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = process.env.DATABASE_URL ? await createTestDatabase() : undefined;
    running.server = await startServerProcess({ DATABASE_URL: database?.url }, args);
    if (args.includes("--demo")) await running.server.waitForOutput(/^Demo sign-in:/m);
    running.browser = await launchBrowser();
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
    await database?.close();
  });
  return running;
}

export async function signInAsDemoAdmin(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel("Email").fill(demoAdmin.email);
  await page.getByLabel("Password").fill(demoAdmin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${url}/`);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
type Violation = { id: string; impact: string; nodes: { target: string[] }[] };

/** axe-core's WCAG 2.1 A/AA findings for the page as it is now, one line each: rule (impact): where. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (options: object) => Promise<{ violations: Violation[] }> } }
    ).axe;
    const result = await axe.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"] } });
    return result.violations;
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
