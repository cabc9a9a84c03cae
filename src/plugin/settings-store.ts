/** Panel settings in figma.clientStorage (per user, per plugin; 5 MB in total, so small JSON only). */
import { isPartialSettings, SETTINGS_KEY, type PanelSettings } from "../shared/settings";

export async function loadSettings(): Promise<Partial<PanelSettings>> {
  try {
    const raw: unknown = await figma.clientStorage.getAsync(SETTINGS_KEY);
    // Anything stored by an older or broken version is dropped, not trusted.
    return isPartialSettings(raw) ? raw : {};
  } catch {
    return {};
  }
}

export async function saveSettings(s: PanelSettings): Promise<void> {
  await figma.clientStorage.setAsync(SETTINGS_KEY, s);
}
