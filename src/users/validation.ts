/** The administrator's forms: inviting a user and changing a role. */
import { z } from "zod";
import { email, name } from "../auth/validation";
import { roles } from "../db/schema/enums";

const role = z.enum(roles, { message: "form.choose" });

export const inviteSchema = z.object({ name, email, role });
export const roleSchema = z.object({ role });
export const userIdSchema = z.coerce.number().int().positive();
