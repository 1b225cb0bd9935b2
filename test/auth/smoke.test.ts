import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

test("smoke", async () => {
  const { client } = await t.loginAs("admin");
  const res = await client.get("/");
  const html = await res.text();
  expect(res.status).toBe(200);
  expect(html).toContain("Welcome");
  const users = await client.get("/admin/users");
  expect(users.status).toBe(200);
  const inv = await client.post("/admin/users", { name: "Nigar", email: "nigar@example.org", role: "staff" });
  const body = await inv.text();
  expect(inv.status).toBe(201);
  const link = body.match(/set-password\?token=([a-z0-9]+)/)?.[1];
  expect(link).toBeTruthy();
});
