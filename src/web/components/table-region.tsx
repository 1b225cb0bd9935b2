/**
 * A wide table's wrapper that scrolls sideways on a phone. It can take the keyboard focus (so the table scrolls with
 * the arrow keys too) and is a region named by `label`, which a screen reader announces on focus.
 */
import type { Child } from "hono/jsx";

export function TableRegion({ label, children }: { label: string; children: Child }) {
  return (
    <section class="table-wrap" tabindex={0} aria-label={label}>
      {children}
    </section>
  );
}
