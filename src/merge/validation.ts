/** What the merge and duplicates pages accept: which kind, which pair, the versions compared and each field's choice. */
import { z } from "zod";
import { mergeableKinds } from "../db/schema/merges";
import { recordId, version } from "../directory/fields";
import type { Choices } from "./queries";

export const duplicatesQuerySchema = z.object({ kind: z.enum(mergeableKinds).catch("person") });

export const dismissSchema = z.object({ kind: z.enum(mergeableKinds), first: recordId, second: recordId });

export const mergeFormSchema = z.object({ with: recordId, survivorVersion: version, otherVersion: version });

/** `choice.<field>=other` takes the other record's value; anything else keeps the survivor's. */
export function choicesFrom(values: Record<string, string>): Choices {
  const choices: Choices = {};
  for (const [name, value] of Object.entries(values)) {
    if (name.startsWith("choice."))
      choices[name.slice("choice.".length)] = value === "other" ? "other" : "survivor";
  }
  return choices;
}
