/**
 * The workflows cannot run here (they were checked against the GitHub workflow schema with
 * @action-validator/cli 0.6.0, see docs/publishing.md); this pins what they must keep doing: CI runs
 * .ci/run on pushes and pull requests in Debian, and Pages builds the site the sub-path test checks and
 * deploys it with the official actions.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/paths";

const read = (name: string) => readFileSync(join(REPO, ".github/workflows", name), "utf8");

describe("workflows", () => {
  it("ci.yml runs .ci/run on push and pull_request in a Debian container", () => {
    const ci = read("ci.yml");
    expect(ci).toMatch(/^on:\n {2}push:\n {2}pull_request:\n/m);
    expect(ci).toMatch(/image: node:20-bookworm/);
    expect(ci).toMatch(/run: bash \.ci\/run$/m);
    // The long run weekly and on demand, through the same script.
    expect(ci).toMatch(/schedule:\n {4}- cron: "[^"]+"\n {2}workflow_dispatch:/);
    expect(ci).toMatch(/run: bash \.ci\/run test:detail$/m);
  });
  it("pages.yml builds dist/site and deploys it with upload-pages-artifact + deploy-pages", () => {
    const pages = read("pages.yml");
    expect(pages).toMatch(/branches: \[main\]/);
    expect(pages).toMatch(/run: node build\.mjs --only app,photopea,site$/m);
    expect(pages).toMatch(/uses: actions\/upload-pages-artifact@v3\n {8}with:\n {10}path: dist\/site$/m);
    expect(pages).toMatch(/uses: actions\/deploy-pages@v4/);
    expect(pages).toMatch(/pages: write\n {2}id-token: write/);
  });
});
