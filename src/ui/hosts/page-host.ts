/**
 * What the hosts with a page of their own (Photopea, the standalone page) do alike: settings kept
 * in Web Storage (local-settings.ts) and notices handed to the page's callback.
 */
import type { PanelSettings } from "../../shared/settings";
import { loadLocalSettings, saveLocalSettings, type SettingsStorage } from "./local-settings";

export interface PageHostOptions {
  storage?: SettingsStorage | null;
  onNotify?: (message: string, isError: boolean) => void;
}

export abstract class PageHost {
  protected constructor(private readonly page: PageHostOptions) {}

  async loadSettings(): Promise<PanelSettings> {
    return loadLocalSettings(this.page.storage);
  }

  async saveSettings(s: PanelSettings): Promise<void> {
    saveLocalSettings(this.page.storage, s);
  }

  notify(message: string, isError = false): void {
    this.page.onNotify?.(message, isError);
  }
}
