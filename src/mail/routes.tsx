/** /admin/outbox: the mail the app queued, and without a mail server the texts an admin passes on by hand. Admins only. */
import { Hono } from "hono";
import { need } from "../auth/middleware";
import type { AppEnv } from "../web/env";
import { render } from "../web/render";
import { latestMail } from "./outgoing";
import { OutboxPage } from "./views";

export const mailRoutes = new Hono<AppEnv>();

mailRoutes.get("/admin/outbox", need("mail:outbox"), async (c) => {
  const messages = await latestMail(c.get("db"));
  const page = (
    <OutboxPage i18n={c.get("i18n")} messages={messages} hasServer={Boolean(c.get("config").mail.smtpUrl)} />
  );
  return render(c, { title: c.get("i18n").t("outbox.title") }, page);
});
