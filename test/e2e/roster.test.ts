/** In a real browser on the demo network: fill an activity's roster from a pasted list and mark who came. */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, test } from "vitest";
import {
  accessibilityViolations,
  chromiumPath,
  noChromiumReason,
  signInAsDemoAdmin,
  useServerAndBrowser,
} from "./browser";

if (!chromiumPath) console.warn(noChromiumReason);

type SeedPerson = { fullName: string; otherNames?: string[] };

/** Demo people whose full name no other demo person has, as a full name or one of their other names. */
function uniqueDemoNames(): string[] {
  const people = JSON.parse(
    readFileSync(new URL("../../seed/network/people.json", import.meta.url), "utf8"),
  ) as SeedPerson[];
  const uses = new Map<string, number>();
  for (const person of people) {
    for (const name of [person.fullName, ...(person.otherNames ?? [])]) {
      const key = name.toLowerCase();
      uses.set(key, (uses.get(key) ?? 0) + 1);
    }
  }
  return people.map((p) => p.fullName).filter((name) => uses.get(name.toLowerCase()) === 1);
}

/** Creates a workshop through the form and opens its roster from the activity's page; returns the roster's URL. */
async function createWorkshopAndOpenRoster(page: Page, url: string, title: string): Promise<string> {
  await page.goto(`${url}/activities/new`);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Kind").selectOption("workshop");
  await page.getByLabel("Start date").fill("2025-05-14");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
  await page.getByRole("link", { name: "Roster and attendance" }).click();
  await page.getByRole("heading", { level: 1, name: `Participants of ${title}` }).waitFor();
  return page.url();
}

/** Pastes the names into "Add many at once" and opens the review page. */
async function reviewPastedNames(page: Page, names: string[]): Promise<void> {
  await page.getByText("Add many at once").click();
  await page.getByLabel("Names or emails, one per line").fill(names.join("\n"));
  await page.getByRole("button", { name: "Review the matches" }).first().click();
  await page.getByRole("heading", { level: 1, name: /^Who to add to / }).waitFor();
}

/** The numbers of #roster-summary by label, e.g. { All: 30, Registered: 30, … }. */
async function rosterCounts(page: Page): Promise<Record<string, number>> {
  const items = await page.locator("#roster-summary ul.counts li").allTextContents();
  return Object.fromEntries(
    items.map((item) => {
      const [label = "", count = ""] = item.split(":");
      return [label.trim(), Number(count.trim())];
    }),
  );
}

describe.skipIf(!chromiumPath)("the activity roster in a browser", () => {
  const running = useServerAndBrowser(["--demo"]);
  const names = uniqueDemoNames().slice(0, 30);

  test("mark attendance for an activity of 30 participants", async () => {
    expect(names).toHaveLength(30);
    const page = await running.browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      const { url } = running.server;
      await signInAsDemoAdmin(page, url);
      const title = "Browser attendance workshop";
      const rosterUrl = await createWorkshopAndOpenRoster(page, url, title);

      await reviewPastedNames(page, names);
      const found = page.getByRole("group", { name: "Found (30)" });
      await found.waitFor();
      expect(await found.getByRole("checkbox", { checked: true }).count()).toBe(30);
      expect(await page.getByRole("group", { name: /^Not in the directory/ }).count()).toBe(0);
      expect(await page.getByRole("heading", { name: /^Choose/ }).count()).toBe(0);
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(await page.getByLabel("Status", { exact: true }).inputValue()).toBe("registered");
      await page.getByRole("button", { name: "Add the chosen people" }).click();
      await page.locator("#flash").getByText("30 people added to the roster").waitFor();
      expect(page.url().split("#")[0]).toBe(rosterUrl);

      expect(await page.locator("table.roster tbody tr").count()).toBe(30);
      expect(await rosterCounts(page)).toMatchObject({ All: 30, Registered: 30, Attended: 0 });
      for (const name of names) {
        expect(await page.getByLabel(`Status of ${name}`, { exact: true }).inputValue()).toBe("registered");
      }
      expect(await accessibilityViolations(page)).toEqual([]);

      // Three did not come: marked one by one, in place (no reload: the marker on window survives).
      await page.evaluate(() => {
        (window as unknown as { rosterMarker: string }).rosterMarker = "still here";
      });
      const absent = [names[3], names[11], names[25]] as string[];
      // Each change is one request: the row's post, nothing else (no link of the row fetched along with it).
      const sent: string[] = [];
      page.on("request", (request) => sent.push(`${request.method()} ${new URL(request.url()).pathname}`));
      for (const [index, name] of absent.entries()) {
        const select = page.getByLabel(`Status of ${name}`, { exact: true });
        const id = await select.getAttribute("id");
        expect(id).toMatch(/^status-\d+$/);
        await select.focus();
        if (index === 0) {
          // By keyboard: type the option's first letter ("Did not come").
          await page.keyboard.press("d");
        } else {
          await select.selectOption("no_show");
        }
        await page.locator("#flash").getByText(`Saved: ${name}, Did not come.`).waitFor({ timeout: 10_000 });
        await expect
          .poll(() => rosterCounts(page))
          .toMatchObject({ All: 30, Registered: 29 - index, "Did not come": index + 1 });
        expect(await page.locator(`#${id}`).inputValue()).toBe("no_show");
        expect(await page.evaluate(() => document.activeElement?.id)).toBe(id);
        expect(await page.evaluate(() => (window as unknown as { rosterMarker?: string }).rosterMarker)).toBe(
          "still here",
        );
      }
      expect(await page.locator("table.roster tbody tr").count()).toBe(30);
      expect(sent.filter((request) => !request.startsWith("POST /activities/"))).toEqual([]);
      expect(sent).toHaveLength(3);

      // The counts and their button were replaced out of band: the button still submits its form.
      const markAll = page.getByRole("button", { name: "Mark all 27 registered participants as attended" });
      expect(await markAll.evaluate((button) => (button as HTMLButtonElement).form?.action ?? null)).toBe(
        `${rosterUrl}/attend-registered`,
      );
      await markAll.click();
      await page.locator("#flash").getByText("27 participants marked as attended.").waitFor();
      expect(await rosterCounts(page)).toMatchObject({
        All: 30,
        Registered: 0,
        Attended: 27,
        "Did not come": 3,
      });
      await expect(
        page.getByRole("button", { name: /registered participants? as attended/ }).count(),
      ).resolves.toBe(0);

      await page.reload();
      for (const name of names) {
        const expected = absent.includes(name) ? "no_show" : "attended";
        expect(await page.getByLabel(`Status of ${name}`, { exact: true }).inputValue()).toBe(expected);
      }
      expect(await rosterCounts(page)).toMatchObject({ Attended: 27, "Did not come": 3 });
    } finally {
      // The roster as it ended up, to look at (layout, overflow, contrast), also when a step above failed.
      await page.screenshot({ path: "/tmp/roster.png", fullPage: true });
      await page.close();
    }
  }, 180_000);

  test("the roster works without JavaScript", async () => {
    const context = await running.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const { url } = running.server;
    await signInAsDemoAdmin(page, url);
    const title = "No-script attendance workshop";
    const rosterUrl = await createWorkshopAndOpenRoster(page, url, title);

    const pair = names.slice(0, 2);
    await reviewPastedNames(page, pair);
    await page.getByRole("group", { name: "Found (2)" }).waitFor();
    await page.getByRole("button", { name: "Add the chosen people" }).click();
    await page.locator("#flash").getByText("2 people added to the roster").waitFor();
    expect(await page.locator("table.roster tbody tr").count()).toBe(2);

    const [first = "", second = ""] = pair;
    await page.getByLabel(`Status of ${first}`, { exact: true }).selectOption("attended");
    const row = page.locator("table.roster tbody tr", { hasText: first });
    await row.getByRole("button", { name: /^Save\b/ }).click();
    await page.locator("#flash").getByText(`Saved: ${first}, Attended.`).waitFor();
    expect(page.url().split("#")[0]).toBe(rosterUrl);
    expect(await page.getByLabel(`Status of ${first}`, { exact: true }).inputValue()).toBe("attended");
    expect(await page.getByLabel(`Status of ${second}`, { exact: true }).inputValue()).toBe("registered");
    expect(await rosterCounts(page)).toMatchObject({ All: 2, Registered: 1, Attended: 1 });

    await page.goto(rosterUrl);
    expect(await page.getByLabel(`Status of ${first}`, { exact: true }).inputValue()).toBe("attended");
    await context.close();
  }, 180_000);
});
