/**
 * Node: writes a packed preset to <out>/<preset>/ atomically: everything goes into a hidden
 * temporary folder first and is renamed into place only once complete, so a crash or a full
 * disk never leaves a half-written preset that would pass for a real one.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { MANIFEST_FILE } from "../core/manifest";
import type { PackedPreset } from "../core/pack-preset";

export function writePresetDir(outDir: string, packed: PackedPreset): string {
  const preset = packed.manifest.preset;
  mkdirSync(outDir, { recursive: true });
  removeLeftovers(outDir, preset);
  const stamp = `${process.pid}-${Date.now()}`;
  const tmp = join(outDir, `.${preset}.tmp-${stamp}`);
  const final = join(outDir, preset);
  try {
    mkdirSync(tmp);
    for (const [path, bytes] of packed.files) writeFileSync(join(tmp, path), bytes);
    // The manifest last: a folder with a manifest is a complete one.
    writeFileSync(join(tmp, MANIFEST_FILE), JSON.stringify(packed.manifest, null, 1) + "\n");
    if (existsSync(final)) {
      const old = join(outDir, `.${preset}.old-${stamp}`);
      renameSync(final, old);
      renameSync(tmp, final);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, final);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return final;
}

/** Temporary folders of an earlier run that was killed mid-write. */
function removeLeftovers(outDir: string, preset: string): void {
  for (const name of readdirSync(outDir)) {
    if (name.startsWith(`.${preset}.tmp-`) || name.startsWith(`.${preset}.old-`)) rmSync(join(outDir, name), { recursive: true, force: true });
  }
}
