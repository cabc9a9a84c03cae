/** What the standalone page's browser tests share: a real drop of files, and waiting for previews. */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** Drops files on an element with a real DataTransfer, as a drag from the desktop does. */
export async function dropFiles(page: Page, selector: string, files: { name: string; type: string; path?: string; bytes?: Uint8Array }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.type, b64: Buffer.from(f.bytes ?? readFileSync(f.path!)).toString("base64") }));
  const dt = await page.evaluateHandle((list) => {
    const d = new DataTransfer();
    for (const f of list) d.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
    return d;
  }, payload);
  await page.dispatchEvent(selector, "dragover", { dataTransfer: dt });
  await page.dispatchEvent(selector, "drop", { dataTransfer: dt });
}

/** Waits until every preview image of a drop zone has decoded, and returns their natural sizes. */
export async function previews(page: Page, role: "content" | "style"): Promise<[number, number][]> {
  const imgs = page.locator(`section.drop[data-role="${role}"] .pick-image img`);
  await expect
    .poll(() => imgs.evaluateAll((els) => els.length > 0 && els.every((e) => (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth > 0)), {
      timeout: 15_000,
    })
    .toBe(true);
  return imgs.evaluateAll((els) => els.map((e) => [(e as HTMLImageElement).naturalWidth, (e as HTMLImageElement).naturalHeight] as [number, number]));
}
