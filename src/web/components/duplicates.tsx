/** Before saving a new record: the existing ones it may duplicate, and the box to confirm it is someone else. */
import type { LikelyDuplicate } from "../../directory/duplicates";
import type { Translator } from "../../i18n";

export function DuplicateWarning({ i18n, duplicates }: { i18n: Translator; duplicates: LikelyDuplicate[] }) {
  return (
    <div class="notice" role="alert">
      <p>{i18n.t("duplicates.found")}</p>
      <ul>
        {duplicates.map((duplicate) => (
          <li>
            <a href={duplicate.href}>{duplicate.name}</a>
          </li>
        ))}
      </ul>
      <label class="checkbox">
        <input type="checkbox" name="notDuplicate" value="on" />
        {i18n.t("duplicates.confirm")}
      </label>
    </div>
  );
}
