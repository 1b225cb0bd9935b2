/** `npm start` runs the bundle (rebuilt when stale): it finds its migrations, static files and password list from dist/. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess } from "./helpers/server-process";

describe("the server as npm start runs it", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ DATABASE_URL: undefined }, [], "bundle");
    await server.waitForOutput(/^Roundtable on embedded PGlite in .+: http:\/\/localhost:\d+$/m, 90_000);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("migrates, serves the pages with their CSS and htmx, and prints the setup link", async () => {
    const [, setupPath] = await server.waitForOutput(/http:\/\/localhost:\d+(\/setup\?token=\w+)/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/static/app.css`)).text()).toContain("--accent");
    expect((await fetch(`${server.url}/static/htmx.min.js`)).status).toBe(200);
    const setup = await fetch(`${server.url}${setupPath}`);
    expect(setup.status).toBe(200);
    expect(await setup.text()).toContain('name="passwordConfirm"');
  });

  it("refuses a common password on the setup form (the list is read from the project folder)", async () => {
    const [, setupPath] = await server.waitForOutput(/http:\/\/localhost:\d+(\/setup\?token=\w+)/);
    const token = new URL(`${server.url}${setupPath}`).searchParams.get("token") ?? "";
    const response = await fetch(`${server.url}/setup`, {
      method: "POST",
      headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        token,
        name: "Admin",
        email: "admin@example.org",
        password: "1234567890",
        passwordConfirm: "1234567890",
      }),
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("one of the most common");
  });
});
