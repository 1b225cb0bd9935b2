/** Form validation: every error is a message the page can show, whatever the request left out. */
import { describe, expect, it } from "vitest";
import { changePasswordSchema } from "../../src/auth/validation";
import { createTranslator } from "../../src/i18n";
import { inviteSchema } from "../../src/users/validation";
import { validateForm } from "../../src/web/form";

const { t } = createTranslator("en");

describe("validateForm", () => {
  it("reports fields missing from the request as 'please fill this in', in the user's words", () => {
    const result = validateForm(changePasswordSchema, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(t(result.errors.currentPassword ?? "form.choose")).toBe("Please fill this in.");
    expect(Object.values(result.errors).map((key) => t(key ?? "form.required"))).not.toContain(undefined);
  });

  it("keeps what was typed and puts our own message beside the bad field", () => {
    const result = validateForm(inviteSchema, { name: "Aysel", email: "not-an-email", role: "boss" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.values.name).toBe("Aysel");
    expect(t(result.errors.email ?? "form.required")).toBe(
      "Please enter an email address like name@example.org.",
    );
    expect(t(result.errors.role ?? "form.required")).toBe("Please choose one of the options.");
  });
});
