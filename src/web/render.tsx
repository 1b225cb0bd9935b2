/** One handler, two shapes: the full page, or the same component alone when htmx asks for a fragment. */
import type { Context } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./env";
import { takeFlash } from "./flash";
import { Layout } from "./layout";

export function isFragmentRequest(c: Context<AppEnv>): boolean {
  return (
    c.req.header("hx-request") === "true" &&
    c.req.header("hx-boosted") !== "true" &&
    c.req.header("hx-history-restore-request") !== "true"
  );
}

export type PageOptions = { title: string; status?: ContentfulStatusCode };

/** `fragment` is the part htmx swaps (a list's results), when it is smaller than the page's body. */
export function render(
  c: Context<AppEnv>,
  page: PageOptions,
  body: JSX.Element,
  fragment?: JSX.Element,
): Response | Promise<Response> {
  c.header("Vary", "HX-Request");
  c.header("Cache-Control", "no-store");
  const status = page.status ?? 200;
  if (isFragmentRequest(c)) return c.html(fragment ?? body, status);
  return c.html(
    <Layout title={page.title} i18n={c.var.i18n} user={c.var.user} flash={takeFlash(c)} path={c.req.path}>
      {body}
    </Layout>,
    status,
  );
}
