/** A group of checkboxes in a fieldset with its legend, and the <datalist> of countries for typed country names. */
import { raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Locale, Translator } from "../../i18n";
import { countryOptions } from "../../text/country";
import type { FormErrors } from "../form";

type CheckboxGroupProps = {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  checked: string[];
  errors?: FormErrors;
  i18n: Translator;
};

export function CheckboxGroup({ name, legend, options, checked, errors, i18n }: CheckboxGroupProps) {
  const error = errors?.[name];
  return (
    <fieldset class={error ? "field checkbox-group field-error" : "field checkbox-group"}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label class="checkbox">
          <input type="checkbox" name={name} value={option.value} checked={checked.includes(option.value)} />
          {option.label}
        </label>
      ))}
      {error && <p class="error">{i18n.t(error)}</p>}
    </fieldset>
  );
}

export const countryListId = "country-names";

/** The country list of each language, rendered once, not for every page with a country field (250 options; the people
 * list answered about 10% more requests for it). */
const countryLists = new Map<Locale, HtmlEscapedString>();

/** Suggestions for a country field: names in the user's language; the server also understands the other four. */
export function CountryList({ i18n }: { i18n: Translator }) {
  let list = countryLists.get(i18n.locale);
  if (!list) {
    const element = (
      <datalist id={countryListId}>
        {countryOptions(i18n.locale).map((country) => (
          <option value={country.name} />
        ))}
      </datalist>
    );
    list = raw(String(element));
    countryLists.set(i18n.locale, list);
  }
  return list;
}
