/** A group of checkboxes in a fieldset with its legend, and the <datalist> of countries for typed country names. */
import type { Translator } from "../../i18n";
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

/** Suggestions for a country field: names in the user's language; the server also understands the other four. */
export function CountryList({ i18n }: { i18n: Translator }) {
  return (
    <datalist id={countryListId}>
      {countryOptions(i18n.locale).map((country) => (
        <option value={country.name} />
      ))}
    </datalist>
  );
}
