/**
 * The package's root folder, found from this module's own location: the CLI is bundled into
 * dist/cli/*.js but tests may import it from src/cli, so walk up to the package.json named PACKAGE_NAME.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The npm name (`restyle` itself belongs to an unrelated package). */
export const PACKAGE_NAME = "restyle-nst";

export function findPackageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    const pj = join(dir, "package.json");
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, "utf8")) as { name?: string }).name === PACKAGE_NAME) return dir;
      } catch {
        // An unreadable package.json higher up is not ours: keep walking.
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`restyle's package.json not found above ${from}`);
    dir = up;
  }
}

export function packageVersion(root = findPackageRoot()): string {
  return (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
}
