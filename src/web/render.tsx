/** One handler, two shapes: the full page, or the same component alone when htmx asks for a fragment. */
import type { Context } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import { HtmlEscapedCallbackPhase, resolveCallback } from "hono/utils/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { EncodedLists, EncodedListsContext } from "./encoded-rows";
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
  if (isFragmentRequest(c)) return sendHtml(c, fragment ?? body, status);
  return sendHtml(
    c,
    <Layout
      title={page.title}
      i18n={c.get("i18n")}
      user={c.get("user")}
      flash={takeFlash(c)}
      path={c.req.path}
    >
      {body}
    </Layout>,
    status,
  );
}

/**
 * The page as UTF-8 bytes, encoded once. Sent as a string (`c.html`), it was measured for its Content-Length and then
 * encoded again while written, each time over a string built of many pieces: on a 180 KB roster that took longer
 * than rendering it; long lists are encoded apart (encoded-rows.tsx; decision 16).
 */
async function sendHtml(c: Context<AppEnv>, element: JSX.Element, status: ContentfulStatusCode) {
  const lists = new EncodedLists();
  const page = <EncodedListsContext.Provider value={lists}>{element}</EncodedListsContext.Provider>;
  const text = await resolveCallback(page, HtmlEscapedCallbackPhase.Stringify, false, {});
  return c.body(lists.encode(text), status, { "Content-Type": "text/html; charset=UTF-8" });
}
