/** A labelled form field with its error beside it, wired for screen readers (aria-invalid, aria-describedby); optionally a typeahead. */
import type { Child } from "hono/jsx";
import type { Translator } from "../../i18n";
import type { FormErrors, FormValues } from "../form";

type FieldProps = {
  name: string;
  label: string;
  i18n: Translator;
  values?: FormValues;
  errors?: FormErrors;
  type?: "text" | "email" | "password" | "tel" | "search" | "date" | "datetime-local";
  /** The id of a <datalist> offering suggestions. */
  list?: string;
  /**
   * A typeahead: htmx fetches this URL (with the field's value) as the user types and swaps the answer, a
   * <SuggestionList> with the `list` id, into the datalist the field renders. Without JavaScript it is a plain field.
   */
  suggestUrl?: string;
  multiline?: boolean;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
};

export function Field({
  name,
  label,
  i18n,
  values,
  errors,
  type = "text",
  list,
  suggestUrl,
  multiline,
  autocomplete,
  required,
  hint,
}: FieldProps) {
  const id = `field-${name}`;
  const error = errors?.[name];
  const describedBy =
    [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error ? "field field-error" : "field"}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {multiline ? (
        <textarea
          id={id}
          name={name}
          rows={4}
          required={required}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={describedBy}
        >
          {values?.[name] ?? ""}
        </textarea>
      ) : (
        <input
          id={id}
          name={name}
          type={type}
          list={list}
          value={type === "password" ? "" : (values?.[name] ?? "")}
          autocomplete={suggestUrl ? "off" : autocomplete}
          required={required}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={describedBy}
          hx-get={suggestUrl}
          hx-trigger={suggestUrl && "input changed delay:250ms"}
          hx-target={suggestUrl && list && `#${list}`}
          hx-swap={suggestUrl && "outerHTML"}
        />
      )}
      {suggestUrl && list && <SuggestionList id={list} values={[]} />}
      {error && (
        <p class="error" id={`${id}-error`}>
          {i18n.t(error)}
        </p>
      )}
    </div>
  );
}

type SelectProps = {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  selected?: string;
  errors?: FormErrors;
  i18n: Translator;
};

export function SelectField({ name, label, options, selected, errors, i18n }: SelectProps) {
  const id = `field-${name}`;
  const error = errors?.[name];
  return (
    <div class={error ? "field field-error" : "field"}>
      <label for={id}>{label}</label>
      <select
        id={id}
        name={name}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {options.map((option) => (
          <option value={option.value} selected={option.value === selected}>
            {option.label}
          </option>
        ))}
      </select>
      {error && (
        <p class="error" id={`${id}-error`}>
          {i18n.t(error)}
        </p>
      )}
    </div>
  );
}

/** The options of a typeahead's <datalist>: the page renders it empty, its suggestion route answers it filled. */
export function SuggestionList({ id, values }: { id: string; values: string[] }) {
  return (
    <datalist id={id}>
      {values.map((value) => (
        <option value={value} />
      ))}
    </datalist>
  );
}

/** The form-level error (e.g. "wrong email or password"), announced to screen readers. */
export function FormError({ message }: { message?: Child }) {
  if (!message) return null;
  return (
    <p class="form-error" role="alert">
      {message}
    </p>
  );
}
