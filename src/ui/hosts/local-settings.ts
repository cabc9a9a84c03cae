/**
 * Panel settings kept in Web Storage, for the hosts whose page has a real origin (Photopea, the
 * standalone page; the Figma iframe has none and uses figma.clientStorage instead). Storage may be
 * missing, blocked (a third-party iframe), full or hand-edited: settings are a convenience, so
 * every failure falls back quietly and what is read is pulled inside its bounds.
 */
import { sanitizeSettings, SETTINGS_KEY, type PanelSettings } from "../../shared/settings";

export type SettingsStorage = Pick<Storage, "getItem" | "setItem">;

export function loadLocalSettings(storage: SettingsStorage | null | undefined): PanelSettings {
  try {
    const raw = storage?.getItem(SETTINGS_KEY);
    const v: unknown = raw ? JSON.parse(raw) : {};
    return sanitizeSettings(typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Partial<PanelSettings>) : {});
  } catch {
    return sanitizeSettings({});
  }
}

export function saveLocalSettings(storage: SettingsStorage | null | undefined, s: PanelSettings): void {
  try {
    storage?.setItem(SETTINGS_KEY, JSON.stringify(s));
  } catch {
    // Full quota or blocked storage: the next session starts from the defaults.
  }
}

/** window.localStorage, or null where reading it throws (blocked third-party storage, some private modes). */
export function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
