/**
 * /interactions/:id: one contact's page, its edit form (optimistic locking) and history, deleting it, and its
 * follow-up reassigned or rescheduled. Anyone who reads the log opens it; its author or a coordinator and above
 * edits and deletes it (others get 403); a follow-up also moves by its assignee. Mounted after /interactions/new.
 */
import { type Context, Hono } from "hono";
import { actorOf, need, signedIn } from "../auth/middleware";
import { recordId, version } from "../directory/fields";
import { addHistoryRoute } from "../directory/history";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { type Flash, redirectWithFlash } from "../web/flash";
import { parseForm } from "../web/form";
import { render } from "../web/render";
import { type ContactRecord, deleteInteraction, getContact, snapshotIds, updateInteraction } from "./contact";
import { readContactForm } from "./contact-form";
import { ContactPage, type FollowUpFormState } from "./contact-page";
import { contactConflict, contactFormValues, keptRecords } from "./contact-values";
import { moveFollowUp } from "./follow-ups";
import { LogContactPage, type LogContactProps } from "./form";
import { listActiveUsers } from "./queries";
import { mayChangeContact, mayCloseFollowUp, mayMoveFollowUp } from "./rights";
import { followUpMoveSchema, localPath } from "./validation";

export const contactRoutes = new Hono<AppEnv>();
const view = need("directory:view");
const log = need("interactions:log");

async function contactFromPath(c: Context<AppEnv>) {
  const id = recordId.safeParse(c.req.param("id"));
  return id.success ? await getContact(c.get("db"), id.data) : undefined;
}

async function renderContact(
  c: Context<AppEnv>,
  contact: ContactRecord,
  followUpForm?: FollowUpFormState,
  status?: 422,
) {
  const { user } = signedIn(c);
  const rights = {
    change: mayChangeContact(user, contact),
    closeFollowUp: mayCloseFollowUp(user, contact),
    moveFollowUp: mayMoveFollowUp(user, contact),
  };
  const users = await listActiveUsers(c.get("db"), contact.followUpAssigneeId);
  const page = (
    <ContactPage
      i18n={c.get("i18n")}
      contact={contact}
      rights={rights}
      users={users}
      followUpForm={followUpForm}
    />
  );
  return render(c, { title: contact.subject, status }, page);
}

type EditState = Pick<LogContactProps, "values" | "errors" | "whoErrors" | "chosen" | "conflict">;

async function renderEditForm(
  c: Context<AppEnv>,
  contact: ContactRecord,
  state: EditState,
  status?: 409 | 422,
) {
  const users = await listActiveUsers(c.get("db"), contact.followUpAssigneeId);
  const editing = { id: contact.id, subject: contact.subject };
  const page = <LogContactPage i18n={c.get("i18n")} users={users} editing={editing} {...state} />;
  return render(
    c,
    { title: c.get("i18n").t("contacts.editTitle", { subject: contact.subject }), status },
    page,
  );
}

contactRoutes.get("/interactions/:id", view, async (c) => {
  const contact = await contactFromPath(c);
  if (!contact) return renderErrorPage(c, 404);
  return renderContact(c, contact);
});

contactRoutes.get("/interactions/:id/edit", log, async (c) => {
  const contact = await contactFromPath(c);
  if (!contact) return renderErrorPage(c, 404);
  if (!mayChangeContact(signedIn(c).user, contact)) return renderErrorPage(c, 403);
  const values = contactFormValues(contact, c.get("config").timeZone, signedIn(c).user.id);
  const chosen = keptRecords(contact, { people: [], organizations: [] }, values);
  return renderEditForm(c, contact, { values, chosen });
});

/** The edit form, read as a new contact's is; the contact's own records and assignee stay choosable. */
async function readEditForm(c: Context<AppEnv>, contact: ContactRecord) {
  const users = await listActiveUsers(c.get("db"), contact.followUpAssigneeId);
  const linked = {
    people: contact.people.map((person) => person.id),
    organizations: contact.organizations.map((organization) => organization.id),
  };
  return readContactForm(
    c,
    users.map((user) => user.id),
    linked,
  );
}

contactRoutes.post("/interactions/:id", log, async (c) => {
  const contact = await contactFromPath(c);
  if (!contact) return renderErrorPage(c, 404);
  if (!mayChangeContact(signedIn(c).user, contact)) return renderErrorPage(c, 403);
  const form = await readEditForm(c, contact);
  const openedAt = version.safeParse(form.values.version);
  if (!form.ok || !openedAt.success) {
    const errors = form.ok ? {} : form.errors;
    const chosen = keptRecords(contact, form.chosen, form.values);
    const whoErrors = form.ok ? undefined : form.whoErrors;
    return renderEditForm(c, contact, { values: form.values, errors, whoErrors, chosen }, 422);
  }
  const result = await c
    .get("db")
    .transaction((tx) => updateInteraction(tx, contact.id, openedAt.data, form.input, actorOf(c)));
  const path = `/interactions/${contact.id}`;
  if (result.saved) return redirectWithFlash(c, path, { key: "directory.saved" });
  if (!result.current) return renderErrorPage(c, 404);
  // Their input stays in the form, at the version now stored, so saving again is a deliberate overwrite.
  const values = { ...form.values, version: String(result.current.version) };
  const conflict = contactConflict(result.current, form.input, c.get("i18n"));
  const chosen = keptRecords(result.current, form.chosen, values);
  return renderEditForm(c, result.current, { values, chosen, conflict }, 409);
});

addHistoryRoute(
  contactRoutes,
  "/interactions",
  async (db, id) => (await getContact(db, id))?.subject,
  snapshotIds,
);

contactRoutes.post("/interactions/:id/follow-up", log, async (c) => {
  const contact = await contactFromPath(c);
  if (!contact) return renderErrorPage(c, 404);
  if (!mayMoveFollowUp(signedIn(c).user, contact)) return renderErrorPage(c, 403);
  const form = await parseForm(c, followUpMoveSchema);
  const back = localPath(form.values.return) ?? `/interactions/${contact.id}#follow-up`;
  // Done (or removed) since the form was opened: that is the news, whatever was typed (the page has no form for it).
  if (contact.followUpDue === null || contact.followUpDoneAt !== null)
    return redirectWithFlash(c, back, { key: "followUps.gone" });
  const users = await listActiveUsers(c.get("db"), contact.followUpAssigneeId);
  const errors = form.ok ? {} : { ...form.errors };
  if (form.ok && !users.some((user) => user.id === form.data.followUpAssigneeId))
    errors.followUpAssigneeId = "form.choose";
  if (!form.ok || Object.keys(errors).length > 0)
    return renderContact(c, contact, { values: form.values, errors }, 422);
  const moved = await c.get("db").transaction((tx) => moveFollowUp(tx, contact.id, form.data, actorOf(c)));
  if (!moved) return redirectWithFlash(c, back, { key: "followUps.gone" });
  return redirectWithFlash(c, back, { key: "contacts.followUpMoved", params: { subject: contact.subject } });
});

/** Registered last: the route walk's later requests for this contact would find it gone. */
contactRoutes.post("/interactions/:id/delete", log, async (c) => {
  const contact = await contactFromPath(c);
  // Deleting twice (a double click, a second tab) is not an error: the contact is gone either way.
  if (!contact) return redirectWithFlash(c, "/interactions", { key: "contacts.gone" });
  if (!mayChangeContact(signedIn(c).user, contact)) return renderErrorPage(c, 403);
  const deleted = await c.get("db").transaction((tx) => deleteInteraction(tx, contact.id, actorOf(c)));
  const flash: Flash = deleted
    ? { key: "contacts.deleted", params: { subject: contact.subject } }
    : { key: "contacts.gone" };
  return redirectWithFlash(c, "/interactions", flash);
});
