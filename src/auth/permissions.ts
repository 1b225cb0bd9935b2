/**
 * The permission matrix: which role each action needs. Roles rank partner < staff < coordinator < manager < admin, so
 * a partner (a partner organisation's representative) passes only "account:manage"; the partner portal's own routes
 * are for partners alone (`partnerOnly()` in middleware.ts).
 */
import { type Role, roles } from "../db/schema/enums";

export const permissions = {
  "dashboard:view": "staff",
  "account:manage": "partner",
  "directory:view": "staff",
  "directory:edit": "staff",
  "interactions:log": "staff",
  "participants:mark": "staff",
  "sensitive:view": "coordinator",
  "interactions:manage": "coordinator",
  "activities:manage": "coordinator",
  "imports:run": "coordinator",
  "records:merge": "coordinator",
  "partners:review": "coordinator",
  // "Everything we hold on this person" (an access request): it shows the sensitive fields and the person's own
  // access log, which coordinators already read, and coordinators are who answers the person (decision 24).
  "people:everything": "coordinator",
  "reports:view": "manager",
  "exports:download": "manager",
  "audit:view": "manager",
  "users:manage": "admin",
  "mail:outbox": "admin",
  "access:log": "admin",
  // Erasing a person on request (decision 24): for good, so only admins.
  "people:erase": "admin",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof permissions;

export function roleRank(role: Role): number {
  return roles.indexOf(role);
}

export function can(role: Role, permission: Permission): boolean {
  return roleRank(role) >= roleRank(permissions[permission]);
}

/** What a route needs: a permission from the matrix, "partner" (partner accounts only) or "public". */
export type RouteAccess = Permission | "partner" | "public";

/** Whether a signed-in user of this role may use a route that needs `access`. */
export function allowed(role: Role, access: RouteAccess): boolean {
  if (access === "public") return true;
  if (access === "partner") return role === "partner";
  return can(role, access);
}

/** Where a user starts: the dashboard, or for a partner their organisation's page. */
export function homeOf(role: Role): string {
  return role === "partner" ? "/partner" : "/";
}
