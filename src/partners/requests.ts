/**
 * "New user" for partner organisations: a request, its email confirmation, and a coordinator's decision.
 * The confirmation token is stored hashed and lives a day. Approving makes a partner account for one organisation
 * (chosen, or created from the name typed) and mails a set-password link; rejecting mails the reason.
 */
import { and, asc, desc, eq, gt, inArray } from "drizzle-orm";
import { recordAudit } from "../audit/queries";
import { generateToken, hashToken } from "../auth/tokens";
import { createUserToken, setPasswordLink } from "../auth/user-tokens";
import { type Actor, createUser, EmailTakenError, findUserByEmail, normalizeEmail } from "../auth/users";
import type { Db, Tx } from "../db/client";
import { organizations, partnerRequests } from "../db/schema";
import { createTranslator, type Locale } from "../i18n";
import { queueMail } from "../mail/outgoing";
import { createOrganization, getOrganization } from "../organizations/queries";
import type { OrganizationInput } from "../organizations/validation";

const day = 24 * 60 * 60 * 1000;
export const confirmationLifetime = day;

export type PartnerRequest = typeof partnerRequests.$inferSelect;
export type NewPartnerRequest = {
  name: string;
  email: string;
  locale: Locale;
  organizationId: number | null;
  organizationName: string;
  message: string | null;
};

export function confirmationLink(publicUrl: string, token: string): string {
  return `${publicUrl}/partner-signup/confirm?token=${encodeURIComponent(token)}`;
}

/**
 * Records the request and mails its confirmation link. An address that already has an account gets a mail saying
 * so instead, and no request is kept: the page answers the same either way.
 */
export async function submitPartnerRequest(
  db: Db,
  request: NewPartnerRequest,
  context: { publicUrl: string; requestId: string },
): Promise<void> {
  const { t } = createTranslator(request.locale);
  const email = normalizeEmail(request.email);
  await db.transaction(async (tx) => {
    if (await findUserByEmail(tx, email)) {
      await queueMail(tx, {
        to: email,
        subject: t("signup.mailExistingSubject"),
        body: t("signup.mailExistingBody", {
          name: request.name,
          link: `${context.publicUrl}/forgot-password`,
        }),
      });
      return;
    }
    const token = generateToken();
    const [row] = await tx
      .insert(partnerRequests)
      .values({
        ...request,
        email,
        confirmationHash: hashToken(token),
        confirmationExpiresAt: new Date(Date.now() + confirmationLifetime),
      })
      .returning({ id: partnerRequests.id });
    const id = row?.id as number;
    await queueMail(tx, {
      to: email,
      subject: t("signup.mailConfirmSubject"),
      body: t("signup.mailConfirmBody", {
        name: request.name,
        organization: request.organizationName,
        link: confirmationLink(context.publicUrl, token),
      }),
    });
    await recordAudit(tx, {
      userId: null,
      requestId: context.requestId,
      action: "partner_request.create",
      entityType: "partner_request",
      entityId: id,
      after: {
        name: request.name,
        email,
        organizationId: request.organizationId,
        organizationName: request.organizationName,
      },
    });
  });
}

/** The unconfirmed request a link is for, while the link is unexpired. */
export async function findRequestToConfirm(db: Db, token: string): Promise<PartnerRequest | undefined> {
  if (!token) return undefined;
  const [row] = await db
    .select()
    .from(partnerRequests)
    .where(
      and(
        eq(partnerRequests.confirmationHash, hashToken(token)),
        eq(partnerRequests.status, "unconfirmed"),
        gt(partnerRequests.confirmationExpiresAt, new Date()),
      ),
    );
  return row;
}

/** Confirms the email: the request now waits for a coordinator. False when the link is used, expired or unknown. */
export async function confirmPartnerRequest(db: Db, token: string, requestId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(partnerRequests)
      .set({ status: "waiting", confirmedAt: new Date(), confirmationHash: null, updatedAt: new Date() })
      .where(
        and(
          eq(partnerRequests.confirmationHash, hashToken(token)),
          eq(partnerRequests.status, "unconfirmed"),
          gt(partnerRequests.confirmationExpiresAt, new Date()),
        ),
      )
      .returning({ id: partnerRequests.id });
    if (!row) return false;
    await recordAudit(tx, {
      userId: null,
      requestId,
      action: "partner_request.confirm",
      entityType: "partner_request",
      entityId: row.id,
    });
    return true;
  });
}

/** Requests waiting for a decision (oldest first), then the latest decided ones. */
export async function listPartnerRequests(db: Db) {
  const waiting = await db
    .select()
    .from(partnerRequests)
    .where(eq(partnerRequests.status, "waiting"))
    .orderBy(asc(partnerRequests.createdAt));
  const decided = await db
    .select()
    .from(partnerRequests)
    .where(inArray(partnerRequests.status, ["approved", "rejected"]))
    .orderBy(desc(partnerRequests.decidedAt))
    .limit(50);
  return { waiting, decided };
}

/** A confirmed request (waiting or decided); unconfirmed ones are nobody's business yet. */
export async function getPartnerRequest(db: Db | Tx, id: number): Promise<PartnerRequest | undefined> {
  const [row] = await db.select().from(partnerRequests).where(eq(partnerRequests.id, id));
  return row && row.status !== "unconfirmed" ? row : undefined;
}

/** Locks a waiting request; undefined when someone decided it meanwhile. */
async function lockWaiting(tx: Tx, id: number): Promise<PartnerRequest | undefined> {
  const [row] = await tx.select().from(partnerRequests).where(eq(partnerRequests.id, id)).for("update");
  return row?.status === "waiting" ? row : undefined;
}

/** An organisation known only by its name, as a partner's request brings it. */
function newOrganization(name: string): OrganizationInput {
  return {
    name,
    kind: "ngo",
    country: null,
    city: null,
    address: null,
    website: null,
    email: null,
    phone: null,
    sectors: [],
    communitiesServed: [],
    description: null,
    tags: [],
  };
}

export type Approval = { organizationId: number } | { newOrganizationName: string };
export type Decision =
  | { decided: true }
  | { decided: false; reason: "alreadyDecided" | "emailTaken" | "unknownOrganization" };

/** Makes the partner account, linked to the organisation chosen (or created), and mails its set-password link. */
export async function approvePartnerRequest(
  db: Db,
  id: number,
  approval: Approval,
  actor: Actor,
  publicUrl: string,
): Promise<Decision> {
  try {
    return await approveWaiting(db, id, approval, actor, publicUrl);
  } catch (error) {
    // Another request with the same email was approved at the same moment: its account was made first.
    if (error instanceof EmailTakenError) return { decided: false, reason: "emailTaken" };
    throw error;
  }
}

async function approveWaiting(
  db: Db,
  id: number,
  approval: Approval,
  actor: Actor,
  publicUrl: string,
): Promise<Decision> {
  return db.transaction(async (tx): Promise<Decision> => {
    const request = await lockWaiting(tx, id);
    if (!request) return { decided: false, reason: "alreadyDecided" };
    if (await findUserByEmail(tx, request.email)) return { decided: false, reason: "emailTaken" };
    let organizationId: number;
    if ("organizationId" in approval) {
      const organization = await getOrganization(tx, approval.organizationId);
      if (!organization || organization.archivedAt || organization.mergedIntoId)
        return { decided: false, reason: "unknownOrganization" };
      organizationId = organization.id;
    } else {
      organizationId = await createOrganization(tx, newOrganization(approval.newOrganizationName), actor);
    }
    const user = await createUser(
      tx,
      {
        email: request.email,
        name: request.name,
        role: "partner",
        organizationId,
        locale: request.locale,
        passwordHash: null,
      },
      actor,
    );
    const token = await createUserToken(tx, user.id, "invite", actor.userId);
    await tx
      .update(partnerRequests)
      .set({
        status: "approved",
        decidedBy: actor.userId,
        decidedAt: new Date(),
        userId: user.id,
        organizationId,
        updatedAt: new Date(),
      })
      .where(eq(partnerRequests.id, id));
    const { t } = createTranslator(request.locale as Locale);
    const [organization] = await tx
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, organizationId));
    await queueMail(tx, {
      to: request.email,
      subject: t("signup.mailApprovedSubject"),
      body: t("signup.mailApprovedBody", {
        name: request.name,
        organization: organization?.name ?? request.organizationName,
        link: setPasswordLink(publicUrl, token),
      }),
    });
    await recordAudit(tx, {
      ...actor,
      action: "partner_request.approve",
      entityType: "partner_request",
      entityId: id,
      after: { organizationId, userId: user.id },
    });
    return { decided: true };
  });
}

/** Declines the request and mails the reason. */
export async function rejectPartnerRequest(
  db: Db,
  id: number,
  reason: string,
  actor: Actor,
): Promise<Decision> {
  return db.transaction(async (tx): Promise<Decision> => {
    const request = await lockWaiting(tx, id);
    if (!request) return { decided: false, reason: "alreadyDecided" };
    await tx
      .update(partnerRequests)
      .set({
        status: "rejected",
        reason,
        decidedBy: actor.userId,
        decidedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(partnerRequests.id, id));
    const { t } = createTranslator(request.locale as Locale);
    await queueMail(tx, {
      to: request.email,
      subject: t("signup.mailRejectedSubject"),
      body: t("signup.mailRejectedBody", {
        name: request.name,
        organization: request.organizationName,
        reason,
      }),
    });
    await recordAudit(tx, {
      ...actor,
      action: "partner_request.reject",
      entityType: "partner_request",
      entityId: id,
      after: { reason },
    });
    return { decided: true };
  });
}
