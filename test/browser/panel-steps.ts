/**
 * The panel's Advanced settings as a person sets them in a browser test: Advanced opened when it is
 * closed, then the field typed and left (its change event). Browser tests keep runs short with
 * setSteps; the Detail choice shows such a count as Custom.
 */
import type { Frame, Page } from "playwright-core";

/** Opens the panel's Advanced section (details.advanced) unless it is open. */
export async function openAdvanced(ui: Frame | Page): Promise<void> {
  const details = ui.locator("details.advanced");
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator("summary").click();
}

/** Sets Advanced → Steps (the settings' `iterations`): the most steps each pass may take. */
export async function setSteps(ui: Frame | Page, n: number): Promise<void> {
  await openAdvanced(ui);
  const input = ui.locator('details.advanced input[name="iterations"]');
  await input.fill(String(n));
  await input.dispatchEvent("change");
}

/** Picks Advanced → Network: "lite" (Fast) or "full" (Detailed). */
export async function setNetwork(ui: Frame | Page, preset: "lite" | "full"): Promise<void> {
  await openAdvanced(ui);
  await ui.locator(`details.advanced input[name="preset"][value="${preset}"]`).check({ force: true });
}
