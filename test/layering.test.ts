/**
 * The module layering, checked from the sources' import lines: folders stand on floors, and a module
 * imports only its own folder or folders on lower floors (nothing runs back up); the Figma sandbox and
 * src/shared depend only on the kit, the engine's bounds and types and src/shared (they cross the frame;
 * the panel must not leak into the sandbox bundle); nothing in src imports test/ or benchmarks/; and no
 * module in src imports itself through others (a cycle makes load order matter and hides a missing layer).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
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

/**
 * The floors, lowest first. A folder (named from src/, longest match wins) may import itself and any
 * folder on a lower floor; folders on one floor are independent of each other. Files directly in src/
 * and the panel's entries in src/ui/ are the top.
 */
const FLOORS: readonly (readonly string[])[] = [
  ["kit"], // utilities every layer may use (kit/node: Node-only ones)
  ["engine"], // pure TensorFlow.js style transfer
  ["weights/core", "shared", "gallery"], // weights formats and loaders; the sandbox↔panel frame contract; built-in styles
  ["weights/node", "weights/browser", "plugin"], // weights in Node (the weights tool) and in a page; the Figma sandbox
  ["node", "worker", "ui/hosts", "ui/engine-link"], // the library's Node helpers; the engine worker; the panel's editor hosts and its side of the worker's connection
  ["ui/run"],
  ["ui/panel"],
  ["ui", "cli", ""], // entries: the panel's pages, the CLI, the library
];

/** The folder a repository path belongs to, and its floor. */
function placeOf(path: string): { folder: string; floor: number } {
  const rel = path.replace(/^src\//, "");
  let best = { folder: "", floor: FLOORS.length - 1 };
  FLOORS.forEach((folders, floor) => {
    for (const folder of folders) {
      if ((rel === folder || rel.startsWith(`${folder}/`) || folder === "") && folder.length >= best.folder.length && (folder !== "" || best.folder === ""))
        best = { folder, floor };
    }
  });
  return best;
}

describe("layering", () => {
  it("every folder of src stands on a floor", () => {
    const folders = new Set(
      sources(SRC)
        .map((f) => dirname(relative(SRC, f)))
        .filter((d) => d !== "."),
    );
    const unplaced = [...folders].filter((d) => placeOf(`src/${d}/x`).folder === "" || (placeOf(`src/${d}/x`).folder === "ui" && d !== "ui"));
    expect(unplaced).toEqual([]);
  });

  it("no import runs back up the floors, and folders on one floor do not import each other", () => {
    const wrong = sources(SRC).flatMap((f) => {
      const from = placeOf(relative(REPO, f));
      return importsOf(f)
        .filter((t) => t.startsWith("src/"))
        .filter((t) => {
          const to = placeOf(t);
          return to.folder !== from.folder && to.floor >= from.floor;
        })
        .map((t) => `${relative(REPO, f)} → ${t}`);
    });
    expect(wrong).toEqual([]);
  });

  it("the engine worker and the panel are two programs: neither imports the other (they share src/shared's contract)", () => {
    const wrong = sources(SRC).flatMap((f) => {
      const from = relative(REPO, f);
      const other = from.startsWith("src/worker/") ? "src/ui/" : from.startsWith("src/ui/") ? "src/worker/" : null;
      return other
        ? importsOf(f)
            .filter((t) => t.startsWith(other))
            .map((t) => `${from} → ${t}`)
        : [];
    });
    expect(wrong).toEqual([]);
  });

  it("src/plugin and src/shared import only the kit, src/shared and the engine's defaults, types and errors", () => {
    const allowed = (t: string) =>
      t.startsWith("src/kit/") ||
      t.startsWith("src/shared/") ||
      t.startsWith("src/plugin/") ||
      ["src/engine/defaults", "src/engine/types", "src/engine/errors"].includes(t);
    const wrong = [...sources(join(SRC, "plugin")), ...sources(join(SRC, "shared"))].flatMap((f) =>
      importsOf(f)
        .filter((t) => !allowed(t) || (f.includes("/shared/") && t.startsWith("src/plugin/")))
        .map((t) => `${relative(REPO, f)} → ${t}`),
    );
    expect(wrong).toEqual([]);
  });

  it("nothing in src imports test/ or benchmarks/", () => {
    const wrong = sources(SRC).flatMap((f) =>
      importsOf(f)
        .filter((t) => /^(test|benchmarks)\//.test(t))
        .map((t) => `${relative(REPO, f)} → ${t}`),
    );
    expect(wrong).toEqual([]);
  });

  it("src has no import cycles (type imports included)", () => {
    const key = (f: string) => relative(REPO, f).replace(/\.tsx?$/, "");
    const target = (t: string) => [".ts", ".tsx", "/index.ts"].map((ext) => join(REPO, t + ext)).find(existsSync);
    const edges = (f: string) =>
      importsOf(f).flatMap((t) => {
        const file = target(t);
        return file ? [key(file)] : [];
      });
    const graph = new Map(sources(SRC).map((f) => [key(f), edges(f)]));
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (n: string, path: string[]) => {
      state.set(n, "open");
      for (const m of graph.get(n) ?? []) {
        if (state.get(m) === "open") cycles.push([...path.slice(path.indexOf(m)), n, m].join(" → "));
        else if (!state.has(m)) visit(m, [...path, n]);
      }
      state.set(n, "done");
    };
    for (const n of graph.keys()) if (!state.has(n)) visit(n, []);
    expect(cycles).toEqual([]);
  });
});
