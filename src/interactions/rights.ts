/** Who may change what of a contact: its author or a coordinator and above; a follow-up also its assignee. */
import { can } from "../auth/permissions";
import type { SessionUser } from "../auth/session";

type Authored = { loggedBy: number | null };
type Assigned = { followUpAssigneeId: number | null };

/** Edit and delete: whoever logged it, or a coordinator and above (`interactions:manage`). */
export function mayChangeContact(user: SessionUser, contact: Authored): boolean {
  return contact.loggedBy === user.id || can(user.role, "interactions:manage");
}

/** Mark done: the assignee, or a coordinator and above. */
export function mayCloseFollowUp(user: SessionUser, contact: Assigned): boolean {
  return contact.followUpAssigneeId === user.id || can(user.role, "interactions:manage");
}

/** Reassign and reschedule: the author, the assignee, or a coordinator and above. */
export function mayMoveFollowUp(user: SessionUser, contact: Authored & Assigned): boolean {
  return mayChangeContact(user, contact) || mayCloseFollowUp(user, contact);
}
