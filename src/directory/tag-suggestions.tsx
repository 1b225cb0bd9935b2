/** The tags field of the person and organisation forms, and GET /tags/suggestions, the typeahead that completes it. */
import { Hono } from "hono";
import { z } from "zod";
import { need } from "../auth/middleware";
import { organizations, people } from "../db/schema";
import type { Translator } from "../i18n";
import { Field, SuggestionList } from "../web/components/field";
import type { AppEnv } from "../web/env";
import type { FormErrors, FormValues } from "../web/form";
import { itemBeingTyped, suggestTags } from "./tags";

const tables = { person: people, organization: organizations } as const;
/** The datalist the suggestions fill: one per page (a form's tags field, or a list's tag filter). */
export const tagSuggestionsId = "tags-suggestions";
const listId = tagSuggestionsId;

export function tagSuggestionsUrl(kind: keyof typeof tables): string {
  return `/tags/suggestions?kind=${kind}`;
}

// `tags` from a form's tags field, `tag` from a list's tag filter.
const suggestionQuery = z
  .object({
    kind: z.enum(["person", "organization"]),
    tags: z.string().max(2000).optional().catch(undefined),
    tag: z.string().max(2000).optional().catch(undefined),
  })
  .transform(({ kind, tags, tag }) => ({ kind, tags: tags ?? tag ?? "" }));

type TagsFieldProps = {
  kind: keyof typeof tables;
  i18n: Translator;
  values: FormValues;
  errors?: FormErrors;
};

/** Without JavaScript a plain text field; with htmx, the browser offers the tags in use as the user types. */
export function TagsField({ kind, i18n, values, errors }: TagsFieldProps) {
  return (
    <Field
      name="tags"
      label={i18n.t("field.tags")}
      hint={i18n.t("field.listHint")}
      list={listId}
      suggestUrl={tagSuggestionsUrl(kind)}
      i18n={i18n}
      values={values}
      errors={errors}
    />
  );
}

export const tagRoutes = new Hono<AppEnv>();

/** The whole field's value with the tag being typed completed, once per matching tag: a datalist offers whole values. */
tagRoutes.get("/tags/suggestions", need("directory:view"), async (c) => {
  const query = suggestionQuery.safeParse(c.req.query());
  if (!query.success) return c.html(<SuggestionList id={listId} values={[]} />, 400);
  const { head, item, earlier } = itemBeingTyped(query.data.tags);
  const tags = await suggestTags(c.get("db"), tables[query.data.kind], item.slice(0, 100), earlier);
  return c.html(<SuggestionList id={listId} values={tags.map((tag) => head + tag)} />);
});
