export interface PhotopeaEntry {
  name: string;
  url: string;
  width: number;
  height: number;
  icon: string;
}
export const PANEL: { width: number; height: number };
export function pagesUrl(root: string, env?: Readonly<Record<string, string | undefined>>): string;
export function photopeaEntry(base: string): PhotopeaEntry;
export function photopeaOpenLink(entry: PhotopeaEntry): string;
export function writePagesSite(root: string): { site: string; base: string; entry: PhotopeaEntry };
