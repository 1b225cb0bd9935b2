/** The admins' outbox: every message the app queued, newest first; without a mail server, the texts to pass on. */
import type { Translator } from "../i18n";
import type { MailMessage } from "./outgoing";

export function OutboxPage({
  i18n,
  messages,
  hasServer,
}: {
  i18n: Translator;
  messages: MailMessage[];
  hasServer: boolean;
}) {
  const { t } = i18n;
  return (
    <section aria-labelledby="outbox-title">
      <h1 id="outbox-title">{t("outbox.title")}</h1>
      <p>{t(hasServer ? "outbox.withServer" : "outbox.noServer")}</p>
      {messages.length === 0 ? (
        <p class="muted">{t("outbox.none")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t("outbox.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("outbox.when")}</th>
                <th scope="col">{t("outbox.to")}</th>
                <th scope="col">{t("outbox.subject")}</th>
                <th scope="col">{t("outbox.status")}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((message) => (
                <OutboxRow i18n={i18n} message={message} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function OutboxRow({ i18n, message }: { i18n: Translator; message: MailMessage }) {
  const { t } = i18n;
  return (
    <tr id={`mail-${message.id}`}>
      <td>{i18n.date(message.createdAt, "datetime")}</td>
      <td>{message.toAddress}</td>
      <th scope="row">
        {message.subject}
        {message.body ? (
          <details>
            <summary>{t("outbox.text", { to: message.toAddress })}</summary>
            <pre class="mail-text">{message.body}</pre>
          </details>
        ) : null}
      </th>
      <td>
        {t(`outbox.status.${message.status}`)}
        {message.error ? <p class="muted">{t("outbox.lastError", { error: message.error })}</p> : null}
      </td>
    </tr>
  );
}
