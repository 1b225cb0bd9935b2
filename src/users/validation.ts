/** The administrator's forms: inviting a user and changing a role. */
import { z } from "zod";
import { email, name } from "../auth/validation";
import { staffRoles } from "../db/schema/enums";

/** An admin gives staff roles only: a partner account comes from an approved partner request. */
const role = z.enum(staffRoles, { message: "form.choose" });

export const inviteSchema = z.object({ name, email, role });
export const roleSchema = z.object({ role });
/** Ids are PostgreSQL integers: a larger number is an unknown user (404), not a database error. */
export const userIdSchema = z.coerce.number().int().positive().max(2_147_483_647);
