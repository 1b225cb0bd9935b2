/** Error pages (400, 401, 403, 404, 413, 500), as a full page or as a fragment for htmx. */
import type { Context } from "hono";
import type { MessageKey } from "../i18n";
import type { AppEnv } from "./env";
import { render } from "./render";

type ErrorStatus = 400 | 401 | 403 | 404 | 413 | 500;

const messages: Record<ErrorStatus, { title: MessageKey; body: MessageKey }> = {
  400: { title: "errors.400.title", body: "errors.400.body" },
  401: { title: "errors.401.title", body: "errors.401.body" },
  403: { title: "errors.403.title", body: "errors.403.body" },
  404: { title: "errors.404.title", body: "errors.404.body" },
  413: { title: "errors.413.title", body: "errors.413.body" },
  500: { title: "errors.500.title", body: "errors.500.body" },
};

export function renderErrorPage(c: Context<AppEnv>, status: ErrorStatus): Response | Promise<Response> {
  const { t } = c.get("i18n");
  const title = t(messages[status].title);
  return render(
    c,
    { title, status },
    <section class="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      <p>{t(messages[status].body)}</p>
      {status === 500 && <p class="muted">{t("errors.reference", { id: c.get("requestId") })}</p>}
      {status === 401 ? <a href="/login">{t("nav.signIn")}</a> : <a href="/">{t("errors.home")}</a>}
    </section>,
  );
}
