/** Explains an optimistic-lock conflict: someone saved first; these fields changed meanwhile. */
import type { Translator } from "../../i18n";

export function ConflictNotice({
  i18n,
  changes,
}: {
  i18n: Translator;
  changes: { label: string; value: string }[];
}) {
  return (
    <div class="form-error" role="alert">
      <p>{i18n.t("conflict.body")}</p>
      <ul>
        {changes.map((change) => (
          <li>{i18n.t("conflict.change", { field: change.label, value: change.value || "—" })}</li>
        ))}
      </ul>
    </div>
  );
}
