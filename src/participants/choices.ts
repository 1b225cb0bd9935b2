/** Where the roster lives, and the role and status choices its forms offer (as option lists, or prebuilt for rows). */
import { raw } from "hono/html";
import { participationRoles, participationStatuses } from "../db/schema/enums";
import type { Translator } from "../i18n";

export const rosterPath = (activityId: number) => `/activities/${activityId}/participants`;
export const rowAnchor = (participationId: number) => `participant-${participationId}`;
/** The roster scrolled to one person's row. */
export const rowLink = (activityId: number, participationId: number) =>
  `${rosterPath(activityId)}#${rowAnchor(participationId)}`;

export function roleOptions({ t }: Translator) {
  return participationRoles.map((role) => ({ value: role, label: t(`participationRole.${role}`) }));
}

export function statusOptions({ t }: Translator) {
  return participationStatuses.map((status) => ({
    value: status,
    label: t(`participationStatus.${status}`),
  }));
}

/**
 * The role and status options with each value selected, rendered once per page: a roster of a thousand rows would
 * otherwise build eleven option elements per row (most of its render time).
 */
export function rowChoices(i18n: Translator) {
  const variants = <V extends string>(options: { value: V; label: string }[]) =>
    new Map(
      options.map(({ value: chosen }) => [
        chosen,
        raw(
          options
            .map(
              ({ value, label }) =>
                `<option value="${value}"${value === chosen ? " selected" : ""}>${htmlText(label)}</option>`,
            )
            .join(""),
        ),
      ]),
    );
  return { roles: variants(roleOptions(i18n)), statuses: variants(statusOptions(i18n)) };
}

export type RowChoices = ReturnType<typeof rowChoices>;

/** Text as HTML (the options are built as a string, outside JSX, which would escape it). */
function htmlText(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
