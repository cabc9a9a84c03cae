/**
 * The module layering, checked from the sources' import lines: the Figma sandbox and src/shared
 * depend only on the engine's bounds and types and on src/shared (they cross the frame; the panel
 * must not leak into the sandbox bundle), and nothing in src imports test/ or benchmarks/.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers/paths";

const SRC = join(REPO, "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
  );
}

/** The repository-relative targets of a file's relative imports (package imports are left out). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)\b(?:[^"';]*?from)?\s*["'](\.[^"']+)["']/gm)].map((m) => relative(REPO, resolve(dirname(file), m[1])));
}

describe("layering", () => {
  it("src/plugin and src/shared import only src/shared and the engine's defaults and types", () => {
    const allowed = (t: string) => t.startsWith("src/shared/") || t.startsWith("src/plugin/") || t === "src/engine/defaults" || t === "src/engine/types";
    const wrong = [...sources(join(SRC, "plugin")), ...sources(join(SRC, "shared"))].flatMap((f) =>
      importsOf(f)
        .filter((t) => !allowed(t) || (f.includes("/shared/") && t.startsWith("src/plugin/")))
        .map((t) => `${relative(REPO, f)} → ${t}`),
    );
    expect(wrong).toEqual([]);
  });

  it("nothing in src imports test/ or benchmarks/", () => {
    const wrong = sources(SRC).flatMap((f) => importsOf(f).filter((t) => /^(test|benchmarks)\//.test(t)).map((t) => `${relative(REPO, f)} → ${t}`));
    expect(wrong).toEqual([]);
  });
});
