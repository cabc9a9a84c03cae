/**
 * Every bad input `npm run weights` is tested against, in one table (each a spawn of the built
 * tool): the exit code, one plain message (no errno code, no stack, no HDF5 diagnostics), and
 * that nothing was written where it should not be.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXIT } from "../../../src/cli/exit-codes";
import { buildCliEntry, runNode } from "../../cli/build-cli";

let tool = "";
let tmp = "";
const file = (name: string) => join(tmp, name);
const isRoot = process.getuid?.() === 0;

beforeAll(async () => {
  tool = await buildCliEntry("weights");
  tmp = mkdtempSync(join(tmpdir(), "restyle-weights-bad-"));
  // HDF5's signature, then junk: h5wasm opens it and fails deep inside.
  const junk = new Uint8Array(4096);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) & 0xff;
  junk.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 0);
  writeFileSync(file("junk.h5"), junk);
  writeFileSync(file("text.h5"), "this is not HDF5 at all");
  writeFileSync(file("a-file"), "not a folder");
  mkdirSync(file("empty-dir"));
  mkdirSync(file("ro"));
  chmodSync(file("ro"), 0o555);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Case {
  name: string;
  args: () => string[];
  exit: number;
  stderr: RegExp;
  skip?: boolean;
}

const CASES: Case[] = [
  { name: "an unknown option", args: () => ["--frobnicate"], exit: EXIT.usage, stderr: /Unknown option --frobnicate/ },
  { name: "--from with no value", args: () => ["--from"], exit: EXIT.usage, stderr: /--from needs a value/ },
  { name: "--dtype int4", args: () => ["--dtype", "int4"], exit: EXIT.usage, stderr: /--dtype must be float32, float16 or uint8/ },
  { name: "--md5 not hex", args: () => ["--md5", "xyz"], exit: EXIT.usage, stderr: /--md5 must be 32 hex digits/ },
  { name: "--from a missing path", args: () => ["--from", file("nope.h5"), "--out", file("out1")], exit: EXIT.weightsMissing, stderr: /There is no file or folder .*nope\.h5/ },
  { name: "--from a folder with no layer files", args: () => ["--from", file("empty-dir"), "--out", file("out2")], exit: EXIT.weightsMissing, stderr: /holds no per-layer weight files/ },
  { name: "--from a text file named .h5", args: () => ["--from", file("text.h5"), "--out", file("out3")], exit: EXIT.weightsCorrupt, stderr: /text\.h5 is not a readable HDF5 weights file/ },
  { name: "--from junk with an HDF5 signature", args: () => ["--from", file("junk.h5"), "--out", file("out4")], exit: EXIT.weightsCorrupt, stderr: /junk\.h5 is not a readable HDF5 weights file/ },
  { name: "--out at a file", args: () => ["--from", file("junk.h5"), "--out", file("a-file")], exit: EXIT.outputFile, stderr: /^Cannot write the weights to .*a-file: it is a file, not a folder\.\n$/ },
  { name: "--out below a file", args: () => ["--from", file("junk.h5"), "--out", file("a-file/weights")], exit: EXIT.outputFile, stderr: /^Cannot write the weights to .*a-file\/weights: .*a-file is a file, not a folder\.\n$/ },
  { name: "--out in a read-only folder", args: () => ["--from", file("junk.h5"), "--out", file("ro/weights")], exit: EXIT.outputFile, stderr: /^Cannot write the weights to .*ro: permission denied\.\n$/, skip: isRoot },
  { name: "--url nobody answers", args: () => ["--url", "http://127.0.0.1:9/vgg19.h5", "--out", file("out5")], exit: EXIT.weightsMissing, stderr: /Could not reach 127\.0\.0\.1:9/ },
];

describe("npm run weights: bad input", () => {
  it.each(CASES.filter((c) => !c.skip).map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const r = await runNode(tool, c.args(), { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(c.exit);
    expect(r.stderr).toMatch(c.stderr);
    expect(r.stderr).not.toMatch(/HDF5-DIAG|E[A-Z]{3,}:|\n\s+at |internal error/);
    expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(3);
    // No preset was written anywhere, and no temporary or probe file was left.
    for (const out of ["out1", "out2", "out3", "out4"]) expect(existsSync(join(tmp, out, "lite"))).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.startsWith("."))).toEqual([]);
  });
});
