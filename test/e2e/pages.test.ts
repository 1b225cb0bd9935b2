import { describe, expect, test } from "vitest";
import {
  accessibilityViolations,
  chromiumPath,
  noChromiumReason,
  signInAsDemoAdmin,
  useServerAndBrowser,
} from "./browser";

if (!chromiumPath) console.warn(noChromiumReason);

describe.skipIf(!chromiumPath)("pages in a browser", () => {
  const running = useServerAndBrowser(["--demo"]);

  test("every page so far passes axe's WCAG 2.1 AA checks, at desktop and phone width, in all three languages", async () => {
    const page = await running.browser.newPage({ viewport: { width: 1280, height: 800 } });
    for (const path of ["/login", "/forgot-password"]) {
      await page.goto(`${running.server.url}${path}`);
      expect(await accessibilityViolations(page)).toEqual([]);
    }
    await signInAsDemoAdmin(page, running.server.url);
    const paths = [
      "/",
      "/admin/users",
      "/admin/users/new",
      "/admin/outbox",
      "/admin/access-log",
      "/account",
      "/no-such-page",
    ];
    paths.push(
      "/organizations",
      "/organizations?q=links",
      "/organizations/new",
      "/organizations/1",
      "/organizations/1/edit",
    );
    // Record pages with every section filled: activities, a joint activity, participants sent, contacts, an open follow-up.
    for (const [list, name] of [
      ["people", "Karen Hakobyan"],
      ["organizations", "Gyumri Refugee Families Union"],
    ] as const) {
      await page.goto(`${running.server.url}/${list}?q=${encodeURIComponent(name)}`);
      const record = await page.locator(`#${list}-results a[href^="/${list}/"]`).first().getAttribute("href");
      paths.push(`${record}`, `${record}/timeline`);
      // Protecting the people in the data: consent, the access log, everything held, erasure's confirmation.
      if (list === "people")
        paths.push(`${record}/consent`, `${record}/access-log`, `${record}/everything`, `${record}/erase`);
    }
    // Activities: the list, one of the demo's with its partners, and the form.
    paths.push(
      "/activities",
      "/activities?kind=training",
      "/activities/1",
      "/activities/1/partners",
      "/activities/new",
      "/activities/calendar",
      "/activities/calendar?month=1998-06",
    );
    // The roster of a demo activity (with a search made, as coordinators see it) and one row's form.
    await page.goto(`${running.server.url}/activities/1/participants`);
    const row = await page.locator('a[href$="/edit"][href*="/participants/"]').first().getAttribute("href");
    paths.push("/activities/1/participants", "/activities/1/participants?find=a", `${row}`);
    // Merging: the duplicates list, choosing the other record, and the side-by-side comparison of a demo pair.
    await page.goto(`${running.server.url}/duplicates`);
    const compare = await page.locator('a[href*="/merge?with="]').first().getAttribute("href");
    paths.push("/duplicates", "/duplicates?kind=organization", "/people/1/merge", `${compare}`);
    // Imports: the list and the upload form.
    paths.push("/imports", "/imports/new");
    // English last: the language is saved on the account, and the other tests read English.
    for (const language of ["Русский", "Azərbaycanca", "English"]) {
      await page.goto(`${running.server.url}/account`);
      await page.getByRole("button", { name: language }).click();
      await page.waitForURL(`${running.server.url}/account`);
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 800 });
        for (const path of paths) {
          await page.goto(`${running.server.url}${path}`);
          const found = await accessibilityViolations(page);
          expect(found, `${language} ${path} at ${width}px`).toEqual([]);
        }
      }
    }
  }, 300_000);

  test("a person's page, their record of everything and a roster never scroll sideways on a phone", async () => {
    const page = await running.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInAsDemoAdmin(page, running.server.url);
    await page.goto(`${running.server.url}/people?q=${encodeURIComponent("Karen Hakobyan")}`);
    const record = await page.locator('#people-results a[href^="/people/"]').first().getAttribute("href");
    // Wide tables scroll inside their own region; long labels and values wrap.
    for (const path of [
      `${record}`,
      `${record}/everything`,
      "/activities/1/participants",
      "/organizations/1",
    ]) {
      await page.goto(`${running.server.url}${path}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, path).toBeLessThanOrEqual(390);
    }
  });

  test("the first Tab stop is the skip link, and it leads to the content", async () => {
    const page = await running.browser.newPage();
    await page.goto(`${running.server.url}/login`, { waitUntil: "networkidle" });
    await page.bringToFront();
    await page.keyboard.press("Tab");
    // Polled: on a loaded machine the first key press can land a moment after the page settles.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent), { timeout: 5_000 })
      .toBe("Skip to content");
    await page.keyboard.press("Enter");
    await page.waitForURL(/#main$/, { timeout: 5_000 });
  });

  test("signing in, switching language and signing out work with JavaScript turned off", async () => {
    const context = await running.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAsDemoAdmin(page, running.server.url);
    await page.getByRole("button", { name: "Русский" }).click();
    await page.getByRole("heading", { level: 1, name: /Добро пожаловать/ }).waitFor();
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    await context.close();
  });
});
