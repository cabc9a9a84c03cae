/**
 * Test support: `npm pack` the package (its prepare script builds dist/ as a real pack does) and
 * install the tarball into a fresh prefix the way `npm i -g` lays it out (lib/node_modules/<name>,
 * an executable bin/restyle). Dependencies are linked from this checkout's node_modules instead of
 * downloaded: only the ones package.json declares, so a missing dependency still fails to resolve.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { REPO } from "../helpers/paths";

export interface Packed {
  tarball: string;
  /** Packed (gzip) bytes. */
  size: number;
  files: string[];
}

export function npmPack(dest: string): Packed {
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dest], {
    cwd: REPO,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 180_000,
  });
  // The prepare script's own output comes first; the JSON report is the rest.
  const [report] = JSON.parse(out.slice(out.indexOf("[\n"))) as Array<{ filename: string; size: number; files: Array<{ path: string }> }>;
  return { tarball: join(dest, report.filename), size: report.size, files: report.files.map((f) => f.path) };
}

/** Returns the bin path (prefix/bin/restyle). */
export function installTarball(tarball: string, prefix: string): string {
  const pj = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
    name: string;
    bin: Record<string, string>;
    dependencies: Record<string, string>;
  };
  const pkgDir = join(prefix, "lib", "node_modules", pj.name);
  mkdirSync(pkgDir, { recursive: true });
  execFileSync("tar", ["xzf", tarball, "-C", pkgDir, "--strip-components=1"]);
  for (const dep of Object.keys(pj.dependencies)) {
    const link = join(pkgDir, "node_modules", dep);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(REPO, "node_modules", dep), link, "dir");
  }
  const bin = join(prefix, "bin", "restyle");
  mkdirSync(dirname(bin), { recursive: true });
  const target = join(pkgDir, pj.bin.restyle);
  chmodSync(target, 0o755);
  symlinkSync(target, bin);
  return bin;
}
