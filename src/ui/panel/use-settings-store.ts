/** The panel's settings: loaded from the host once, then saved a moment after each change. */
import { useEffect, useRef, useState, type Dispatch, type StateUpdater } from "preact/hooks";
import { DEFAULT_SETTINGS, sanitizeSettings, type PanelSettings } from "../../shared/settings";
import type { Host } from "../hosts/host";

/** How long the settings wait after the last change before they are saved (a slider drag is many changes). */
const SAVE_DELAY_MS = 400;

export interface SettingsStore {
  settings: PanelSettings;
  setSettings: Dispatch<StateUpdater<PanelSettings>>;
  /** The latest settings, even when a slider's change event beats the re-render. */
  settingsRef: { readonly current: PanelSettings };
  /** Whether the host's saved settings have arrived. */
  loaded: boolean;
  update: (patch: Partial<PanelSettings>) => void;
}

export function useSettingsStore(host: Host): SettingsStore {
  const [settings, setSettings] = useState<PanelSettings>(DEFAULT_SETTINGS);
  const [loaded, setLoaded] = useState(false);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;

  useEffect(() => {
    let alive = true;
    host
      .loadSettings()
      .catch(() => ({}))
      .then((s) => {
        if (!alive) return;
        setSettings(sanitizeSettings(s));
        setLoaded(true);
      });
    return () => {
      alive = false;
    };
  }, [host]);

  useEffect(() => {
    if (!loaded) return;
    const t = setTimeout(() => void host.saveSettings(settings).catch(() => undefined), SAVE_DELAY_MS);
    return () => clearTimeout(t);
  }, [host, settings, loaded]);

  const update = (patch: Partial<PanelSettings>) => setSettings((s) => sanitizeSettings({ ...s, ...patch }));
  return { settings, setSettings, settingsRef, loaded, update };
}
