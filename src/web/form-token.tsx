/**
 * One-time tokens of create forms: a double click, a resent request or Back-and-submit saves once (decision 12).
 * The form carries a random hidden token; the create's transaction claims it first, so a repeat finds it and is sent
 * where the first submission led instead of creating the record again.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { signedIn } from "../auth/middleware";
import type { Db, Tx } from "../db/client";
import { formSubmissions } from "../db/schema";
import type { AppEnv } from "./env";
import { redirectWithFlash } from "./flash";
import type { FormValues } from "./form";

export const formTokenField = "formToken";
const tokenShape = /^[A-Za-z0-9_-]{22,64}$/;

export function newFormToken(): string {
  return randomBytes(18).toString("base64url");
}

/** The token a form was posted with; null without one (an old tab, a script) or with anything not shaped like ours. */
export function formTokenOf(values: Record<string, unknown>): string | null {
  const token = values[formTokenField];
  return typeof token === "string" && tokenShape.test(token) ? token : null;
}

type CreateFormProps = {
  action: string;
  /** What was typed: a form that comes back with errors keeps its token, which is still unused. */
  values?: FormValues;
  class?: string;
  enctype?: "multipart/form-data";
  /** False for a form shared by "add" and "edit" when it edits: saving a record again is not a repeat. */
  oneTime?: boolean;
  children?: Child;
};

/**
 * A create form: posts to `action` with its one-time token; under htmx its submit buttons are disabled while the
 * request is in flight (htmx 4's `hx-disable`), so a double click sends once in the first place.
 */
export function CreateForm(props: CreateFormProps) {
  const { action, values, class: className, enctype, oneTime = true, children } = props;
  const token = (values && formTokenOf(values)) ?? newFormToken();
  return (
    <form
      method="post"
      action={action}
      class={className}
      enctype={enctype}
      hx-disable="findAll [type=submit]"
    >
      {oneTime && <input type="hidden" name={formTokenField} value={token} />}
      {children}
    </form>
  );
}

/** Why a create's work created nothing; the token stays unused. */
export type Refused<T> = { refused: T };
/** What a create's work returns: where the new record is (where the user is sent), or a refusal. */
export type CreateOutcome = { path: string } | Refused<unknown>;

/** A refusal, typed as one (an object literal would blur it with the success case). */
export function refuse<T>(refused: T): Refused<T> {
  return { refused };
}

/** Thrown to roll a refused create back, claim included; caught by createOnce, which returns the refusal. */
class Refusal extends Error {
  constructor(readonly outcome: CreateOutcome) {
    super("create refused");
  }
}

/**
 * Runs a create form's write in one transaction, once per token: the token is claimed first (insert … on conflict do
 * nothing), so a repeat, even a concurrent one (the key makes it wait for the first to commit), finds it and gets
 * the answer to send: a 303 to where the first led. A refusal rolls the claim back with everything else. Without a
 * token the work simply runs.
 */
export async function createOnce<R extends CreateOutcome>(
  c: Context<AppEnv>,
  values: Record<string, unknown>,
  create: (tx: Tx) => Promise<R>,
): Promise<R | Response> {
  const token = submissionKey(c, values);
  const userId = signedIn(c).user.id;
  const mine = and(eq(formSubmissions.userId, userId), eq(formSubmissions.token, token ?? ""));
  try {
    const outcome = await c.get("db").transaction(async (tx) => {
      if (token !== null) {
        const claimed = await tx
          .insert(formSubmissions)
          .values({ userId, token, resultPath: "" })
          .onConflictDoNothing()
          .returning({ token: formSubmissions.token });
        if (claimed.length === 0) {
          const [first] = await tx
            .select({ path: formSubmissions.resultPath })
            .from(formSubmissions)
            .where(mine);
          return { repeatOf: first?.path ?? "/" };
        }
      }
      const result = await create(tx);
      if (!("path" in result)) throw new Refusal(result);
      if (token !== null) await tx.update(formSubmissions).set({ resultPath: result.path }).where(mine);
      return result;
    });
    return "repeatOf" in outcome ? redirectToFirst(c, outcome.repeatOf) : outcome;
  } catch (error) {
    if (error instanceof Refusal) return error.outcome as R;
    throw error;
  }
}

/**
 * The claim's key: the form's token with what was sent, where. A double click sends the same and is one submission;
 * the same token sent again with other values or to another form (a duplicated tab, a form restored by Back) is a
 * new submission, never silently dropped. Null without a token.
 */
function submissionKey(c: Context<AppEnv>, values: Record<string, unknown>): string | null {
  const token = formTokenOf(values);
  if (token === null) return null;
  const { formToken: _token, ...sent } = values;
  const fields = Object.entries(sent).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash("sha256")
    .update(JSON.stringify([c.req.path, fields]))
    .digest("base64url");
  return `${token}.${digest.slice(0, 22)}`;
}

function redirectToFirst(c: Context<AppEnv>, path: string): Response {
  return redirectWithFlash(c, path, { key: "form.alreadySaved" });
}

/** Housekeeping: tokens older than a day are forgotten (nobody double-clicks a day apart). Returns how many went. */
export async function deleteOldFormSubmissions(db: Db, now: Date): Promise<number> {
  const dayAgo = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  const deleted = await db
    .delete(formSubmissions)
    .where(lt(formSubmissions.createdAt, dayAgo))
    .returning({ token: formSubmissions.token });
  return deleted.length;
}
