/**
 * The user-facing documents stay a user's documents: the README short, every local link in the
 * README, CONTRIBUTING.md, docs/performance.md and docs/panel.md pointing at a file that exists, and every
 * measurement in docs/perf/ cited by docs/performance.md.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./helpers/paths";

const README_MAX_LINES = 300;
const DOCS = ["README.md", "CONTRIBUTING.md", "docs/performance.md", "docs/panel.md"];

const read = (file: string) => readFileSync(join(REPO, file), "utf8");

/** Targets of Markdown links and images that are paths in the repository (no scheme, no pure anchor). */
function localLinks(markdown: string): string[] {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  return targets.filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith("#")).map((t) => t.split("#")[0]);
}

describe("documents", () => {
  it(`README.md is at most ${README_MAX_LINES} lines`, () => {
    const lines = read("README.md").split("\n").length;
    expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it("finds local links and leaves out web addresses and anchors", () => {
    expect(localLinks("[a](docs/x.md#y) ![b](img.png) [c](https://e.org/z) [d](#here)")).toEqual(["docs/x.md", "img.png"]);
  });

  for (const doc of DOCS) {
    it(`every local link in ${doc} points at a file that exists`, () => {
      const missing = localLinks(read(doc)).filter((target) => !existsSync(join(REPO, dirname(doc), target)));
      expect(missing).toEqual([]);
    });
  }

  it("every file in docs/perf is cited by docs/performance.md (no orphaned measurements)", () => {
    const cited = new Set(localLinks(read("docs/performance.md")));
    const orphans = readdirSync(join(REPO, "docs/perf")).filter((f) => !cited.has(`perf/${f}`));
    expect(orphans).toEqual([]);
  });

  it("the README shows the panel, a before/after picture and the page while it paints", () => {
    const images = [...read("README.md").matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(images).toEqual(["docs/images/before-after.jpg", "docs/images/panel.png", "docs/images/page/running-wide-light.png"]);
  });
});
