/** Debian's Chromium driven by playwright-core (never a downloaded browser); absent Chromium means the browser tests skip. */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

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
