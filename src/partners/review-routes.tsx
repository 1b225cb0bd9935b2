/**
 * The coordinators' side of the partner portal: /partner-requests (approve by linking to an organisation or creating
 * it, or reject with a reason; both mailed), /partner-proposals/:id (accept or reject one proposed field), and
 * /activities/:id/nominations (the nomination settings, and accepting or declining each nomination).
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import { getActivity } from "../activities/queries";
import { findOrganizationByName } from "../affiliations/queries";
import { actorOf, need } from "../auth/middleware";
import { findLikelyDuplicates } from "../directory/duplicates";
import { optionalDate, recordId, requiredText } from "../directory/fields";
import { limits } from "../directory/limits";
import type { AppEnv } from "../web/env";
import { renderErrorPage } from "../web/errors";
import { redirectWithFlash } from "../web/flash";
import { type FormErrors, type FormValues, parseForm, readForm } from "../web/form";
import { render } from "../web/render";
import { decideNomination, listNominations, saveNominationSettings } from "./nominations";
import { placesTaken } from "./portal-queries";
import { decideProposal, listOpenProposals } from "./proposals";
import {
  type Approval,
  approvePartnerRequest,
  type Decision,
  getPartnerRequest,
  listPartnerRequests,
  type PartnerRequest,
  rejectPartnerRequest,
} from "./requests";
import { NominationsPage, PartnerRequestPage, PartnerRequestsPage } from "./review-views";

export const reviewRoutes = new Hono<AppEnv>();
const review = need("partners:review");
const manage = need("activities:manage");

reviewRoutes.get("/partner-requests", review, async (c) => {
  const db = c.get("db");
  const { waiting, decided } = await listPartnerRequests(db);
  const page = (
    <PartnerRequestsPage
      i18n={c.get("i18n")}
      waiting={waiting}
      decided={decided}
      proposals={await listOpenProposals(db)}
    />
  );
  return render(c, { title: c.get("i18n").t("partnerRequests.title") }, page);
});

async function requestFromPath(c: Context<AppEnv>) {
  const id = recordId.safeParse(c.req.param("id"));
  return id.success ? getPartnerRequest(c.get("db"), id.data) : undefined;
}

async function renderRequest(
  c: Context<AppEnv>,
  request: PartnerRequest,
  problem?: { values?: FormValues; errors?: FormErrors; message?: string; status: 409 | 422 },
) {
  const duplicates =
    request.status === "waiting"
      ? await findLikelyDuplicates(c.get("db"), "organization", {
          name: request.organizationName,
          email: null,
          phone: null,
        })
      : [];
  const page = (
    <PartnerRequestPage i18n={c.get("i18n")} request={request} duplicates={duplicates} {...problem} />
  );
  return render(c, { title: request.name, status: problem?.status ?? 200 }, page);
}

reviewRoutes.get("/partner-requests/:id", review, async (c) => {
  const request = await requestFromPath(c);
  if (!request) return renderErrorPage(c, 404);
  return renderRequest(c, request);
});

/** What the approve form asks: link to the organisation named (or picked from the likely ones), or create it. */
async function readApproval(c: Context<AppEnv>, values: FormValues): Promise<Approval | FormErrors> {
  const picked = recordId.safeParse(values.organizationId);
  if (picked.success) return { organizationId: picked.data };
  const named = requiredText(limits.organizationName).safeParse(values.organization);
  if (!named.success) return { organization: "form.required" };
  if (values.mode === "create") return { newOrganizationName: named.data };
  const organizationId = await findOrganizationByName(c.get("db"), named.data);
  return organizationId === null ? { organization: "affiliations.unknownOrganization" } : { organizationId };
}

const decisionRefusals = {
  alreadyDecided: "partnerRequests.alreadyDecided",
  emailTaken: "partnerRequests.emailTaken",
  unknownOrganization: "affiliations.unknownOrganization",
} as const;

async function answerDecision(
  c: Context<AppEnv>,
  request: PartnerRequest,
  decision: Decision,
  flash: "approved" | "rejected",
) {
  if (decision.decided) {
    c.get("wakeWorker")();
    return redirectWithFlash(c, "/partner-requests", {
      key: `partnerRequests.${flash}`,
      params: { name: request.name },
    });
  }
  const current = (await getPartnerRequest(c.get("db"), request.id)) ?? request;
  const message = c.get("i18n").t(decisionRefusals[decision.reason]);
  return renderRequest(c, current, { message, status: 409 });
}

reviewRoutes.post("/partner-requests/:id/approve", review, async (c) => {
  const request = await requestFromPath(c);
  if (!request) return renderErrorPage(c, 404);
  const values = await readForm(c);
  const approval = await readApproval(c, values);
  if (!("organizationId" in approval) && !("newOrganizationName" in approval)) {
    const message = c.get("i18n").t("form.fixBelow");
    return renderRequest(c, request, { values, errors: approval, message, status: 422 });
  }
  const decision = await approvePartnerRequest(
    c.get("db"),
    request.id,
    approval as Approval,
    actorOf(c),
    c.get("config").publicUrl,
  );
  return answerDecision(c, request, decision, "approved");
});

const rejectSchema = z.object({ reason: requiredText(1000) });

reviewRoutes.post("/partner-requests/:id/reject", review, async (c) => {
  const request = await requestFromPath(c);
  if (!request) return renderErrorPage(c, 404);
  const form = await parseForm(c, rejectSchema);
  if (!form.ok) {
    const message = c.get("i18n").t("form.fixBelow");
    return renderRequest(c, request, { values: form.values, errors: form.errors, message, status: 422 });
  }
  const decision = await rejectPartnerRequest(c.get("db"), request.id, form.data.reason, actorOf(c));
  return answerDecision(c, request, decision, "rejected");
});

for (const verdict of ["accept", "reject"] as const) {
  reviewRoutes.post(`/partner-proposals/:id/${verdict}`, review, async (c) => {
    const id = recordId.safeParse(c.req.param("id"));
    if (!id.success) return renderErrorPage(c, 404);
    const outcome = await decideProposal(c.get("db"), id.data, verdict === "accept", actorOf(c));
    const key = outcome.decided
      ? (`proposals.${verdict}ed` as const)
      : outcome.reason === "recordGone"
        ? "proposals.recordGone"
        : "proposals.alreadyDecided";
    return redirectWithFlash(c, "/partner-requests#proposals", { key });
  });
}

async function activityFromPath(c: Context<AppEnv>) {
  const id = recordId.safeParse(c.req.param("id"));
  return id.success ? getActivity(c.get("db"), id.data) : undefined;
}

async function renderNominations(
  c: Context<AppEnv>,
  activity: NonNullable<Awaited<ReturnType<typeof getActivity>>>,
  problem?: { values: FormValues; errors: FormErrors },
) {
  const db = c.get("db");
  const page = (
    <NominationsPage
      i18n={c.get("i18n")}
      activity={activity}
      settings={{
        open: activity.nominationsOpen,
        capacity: activity.capacity,
        deadline: activity.nominationDeadline,
      }}
      rows={await listNominations(db, activity.id)}
      placesTaken={await placesTaken(db, activity.id)}
      {...problem}
    />
  );
  return render(c, { title: c.get("i18n").t("nominations.title"), status: problem ? 422 : 200 }, page);
}

reviewRoutes.get("/activities/:id/nominations", manage, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  return renderNominations(c, activity);
});

const settingsSchema = z.object({
  open: z.literal("on").optional(),
  capacity: z
    .string()
    .trim()
    .default("")
    .refine(
      (value) => value === "" || (/^\d{1,6}$/.test(value) && Number(value) > 0),
      "nominations.capacityInvalid",
    )
    .transform((value) => (value === "" ? null : Number(value))),
  deadline: optionalDate,
});

reviewRoutes.post("/activities/:id/nominations/settings", manage, async (c) => {
  const activity = await activityFromPath(c);
  if (!activity) return renderErrorPage(c, 404);
  const form = await parseForm(c, settingsSchema);
  if (!form.ok) return renderNominations(c, activity, form);
  const settings = {
    open: form.data.open === "on",
    capacity: form.data.capacity,
    deadline: form.data.deadline,
  };
  await saveNominationSettings(c.get("db"), activity.id, settings, actorOf(c));
  return redirectWithFlash(c, `/activities/${activity.id}/nominations`, { key: "nominations.saved" });
});

const nominationFlash = { accept: "nominations.accepted", decline: "nominations.declined" } as const;
const decisionSchema = z.object({ decision: z.enum(["accept", "decline"]) });

reviewRoutes.post("/activities/:id/nominations/:participationId", manage, async (c) => {
  const activity = await activityFromPath(c);
  const participationId = recordId.safeParse(c.req.param("participationId"));
  if (!activity || !participationId.success) return renderErrorPage(c, 404);
  const form = await parseForm(c, decisionSchema);
  // Only a hand-made request sends another decision: the page offers just the two buttons.
  if (!form.ok) return renderErrorPage(c, 400);
  const decided = await decideNomination(
    c.get("db"),
    activity.id,
    participationId.data,
    form.data.decision,
    actorOf(c),
  );
  if (decided) c.get("wakeWorker")();
  const key = decided ? nominationFlash[form.data.decision] : "nominations.alreadyDecided";
  return redirectWithFlash(c, `/activities/${activity.id}/nominations`, { key });
});
