/** The permission matrix: which role each action needs. Roles rank staff < coordinator < manager < admin. */
import { type Role, roles } from "../db/schema/enums";

export const permissions = {
  "dashboard:view": "staff",
  "account:manage": "staff",
  "directory:view": "staff",
  "directory:edit": "staff",
  "interactions:log": "staff",
  "participants:mark": "staff",
  "sensitive:view": "coordinator",
  "interactions:manage": "coordinator",
  "activities:manage": "coordinator",
  "imports:run": "coordinator",
  "records:merge": "coordinator",
  "reports:view": "manager",
  "exports:download": "manager",
  "audit:view": "manager",
  "users:manage": "admin",
  "mail:outbox": "admin",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof permissions;

export function roleRank(role: Role): number {
  return roles.indexOf(role);
}

export function can(role: Role, permission: Permission): boolean {
  return roleRank(role) >= roleRank(permissions[permission]);
}
