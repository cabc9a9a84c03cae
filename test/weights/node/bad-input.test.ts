/**
 * Every bad input `npm run weights` is tested against, in one table (each a spawn of the built
 * tool): the exit code, one plain message (no errno code, no stack, no HDF5 diagnostics), and
 * that nothing was written where it should not be.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXIT } from "../../../src/cli/exit-codes";
import { buildCliEntry, runNode } from "../../cli/build-cli";
import { VGG_RAW } from "../../helpers/paths";

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
  writeFileSync(file("a-file\x1b[31m"), "not a folder either");
  symlinkSync(file("out-loop-b"), file("out-loop-a"));
  symlinkSync(file("out-loop-a"), file("out-loop-b"));
  execFileSync("mkfifo", [file("fifo.h5")]);
  symlinkSync(file("h5-loop-b"), file("h5-loop-a"));
  symlinkSync(file("h5-loop-a"), file("h5-loop-b"));
  // Raw folders like ../shared/vgg19 (links to its files) with one layer file changed.
  const raw = (name: string, change: (dir: string) => void) => {
    const dir = file(name);
    mkdirSync(dir);
    for (const f of readdirSync(VGG_RAW).filter((n) => n.endsWith(".bin"))) symlinkSync(join(VGG_RAW, f), join(dir, f));
    change(dir);
  };
  const replace = (dir: string, layer: string, make: (p: string) => void) => {
    rmSync(join(dir, `${layer}.bin`));
    make(join(dir, `${layer}.bin`));
  };
  raw("raw-swapped", (d) => {
    // Same size (256→256 channels): only the hashes tell them apart.
    replace(d, "block3_conv2", (p) => copyFileSync(join(VGG_RAW, "block3_conv3.bin"), p));
    replace(d, "block3_conv3", (p) => copyFileSync(join(VGG_RAW, "block3_conv2.bin"), p));
  });
  raw("raw-edited", (d) =>
    replace(d, "block1_conv1", (p) => {
      const b = readFileSync(join(VGG_RAW, "block1_conv1.bin"));
      b.writeFloatLE(b.readFloatLE(40) * 1.001, 40);
      writeFileSync(p, b);
    }),
  );
  raw("raw-fifo", (d) => replace(d, "block2_conv1", (p) => execFileSync("mkfifo", [p])));
  raw("raw-zero", (d) => replace(d, "block2_conv2", (p) => symlinkSync("/dev/zero", p)));
  raw("raw-folder", (d) => replace(d, "block1_conv2", (p) => mkdirSync(p)));
  raw("raw-loop", (d) => replace(d, "block3_conv1", (p) => symlinkSync(p, p)));
  raw("raw-long", (d) => replace(d, "block1_conv1", (p) => writeFileSync(p, Buffer.concat([readFileSync(join(VGG_RAW, "block1_conv1.bin")), Buffer.alloc(8)]))));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Case {
  name: string;
  args: () => string[];
  exit: number;
  stderr: RegExp;
  skip?: boolean;
  /** Seconds the case may take (a refusal is quick). */
  withinS?: number;
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
  { name: "--out with an empty name", args: () => ["--from", VGG_RAW, "--out", ""], exit: EXIT.usage, stderr: /^\n?--out needs a folder, got an empty name\.\n$/ },
  { name: "--from with an empty name", args: () => ["--from", "", "--out", file("out6")], exit: EXIT.usage, stderr: /--from needs a file or folder, got an empty name/ },
  { name: "two same-size layer files swapped", args: () => ["--from", file("raw-swapped"), "--out", file("out7")], exit: EXIT.weightsCorrupt, stderr: /raw-swapped\/block3_conv2\.bin holds the weights of block3_conv3, not block3_conv2: two layer files are swapped or misnamed/ },
  { name: "a layer file with one value changed", args: () => ["--from", file("raw-edited"), "--out", file("out8")], exit: EXIT.weightsCorrupt, stderr: /raw-edited\/block1_conv1\.bin is not the published VGG19 block1_conv1 \(its git SHA-1 differs/ },
  { name: "a layer file that is a FIFO (fails at once)", args: () => ["--from", file("raw-fifo"), "--out", file("out9")], exit: EXIT.weightsCorrupt, stderr: /The layer file .*block2_conv1\.bin is not a regular file \(a pipe, a device or a socket\)/, withinS: 20 },
  { name: "a layer file linked to /dev/zero", args: () => ["--from", file("raw-zero"), "--out", file("out10")], exit: EXIT.weightsCorrupt, stderr: /The layer file .*block2_conv2\.bin is not a regular file/, withinS: 20 },
  { name: "a layer file that is a folder (an input problem, not a write failure)", args: () => ["--from", file("raw-folder"), "--out", file("out11")], exit: EXIT.weightsCorrupt, stderr: /^\nThe layer file .*block1_conv2\.bin is a folder, not a file\./ },
  { name: "a layer file that is a symlink loop", args: () => ["--from", file("raw-loop"), "--out", file("out12")], exit: EXIT.weightsCorrupt, stderr: /The layer file .*block3_conv1\.bin is a symbolic link loop/ },
  { name: "a layer file longer than a layer", args: () => ["--from", file("raw-long"), "--out", file("out13")], exit: EXIT.weightsCorrupt, stderr: /The layer file .*block1_conv1\.bin is longer than the 7168 bytes it should have/ },
  { name: "--from a FIFO (fails at once)", args: () => ["--from", file("fifo.h5"), "--out", file("out14")], exit: EXIT.weightsCorrupt, stderr: /fifo\.h5 is not a regular file \(a pipe, a device or a socket\)/, withinS: 20 },
  { name: "--from a symlink loop", args: () => ["--from", file("h5-loop-a"), "--out", file("out15")], exit: EXIT.weightsCorrupt, stderr: /h5-loop-a is a symbolic link loop/ },
  { name: "--from /dev/zero", args: () => ["--from", "/dev/zero", "--out", file("out16")], exit: EXIT.weightsCorrupt, stderr: /\/dev\/zero is not a regular file/, withinS: 20 },
  { name: "an escape sequence in a missing --from name", args: () => ["--from", file("\x1b[2Jgone.h5"), "--out", file("out17")], exit: EXIT.weightsMissing, stderr: /There is no file or folder .*\\x1b\[2Jgone\.h5\./ },
  { name: "an escape sequence in an --out that is a file", args: () => ["--from", VGG_RAW, "--out", file("a-file\x1b[31m")], exit: EXIT.outputFile, stderr: /Cannot write the weights to .*\\x1b\[31m/ },
  { name: "--out a symlink loop", args: () => ["--from", VGG_RAW, "--out", file("out-loop-a")], exit: EXIT.outputFile, stderr: /^Cannot write the weights to .*out-loop-a: it is a symbolic link loop \(or a chain of too many links\)\.\n$/ },
  { name: "an escape sequence in an unknown option", args: () => ["--\x1b]0;x\x07"], exit: EXIT.usage, stderr: /Unknown option --\\x1b\]0;x\\x07; see --help/ },
];

describe("npm run weights: bad input", () => {
  it.each(CASES.filter((c) => !c.skip).map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const t0 = Date.now();
    const r = await runNode(tool, c.args(), { timeoutMs: (c.withinS ?? 60) * 1000 });
    expect(r.code, r.stderr).toBe(c.exit);
    expect(r.stderr).toMatch(c.stderr);
    expect(Date.now() - t0).toBeLessThan((c.withinS ?? 60) * 1000);
    // Names are shown escaped: no control character reaches the terminal.
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.stderr).not.toMatch(/HDF5-DIAG|E[A-Z]{3,}:|\n\s+at |internal error/);
    expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(3);
    // No preset was written anywhere, and no temporary or probe file was left.
    for (let i = 1; i <= 17; i++) expect(existsSync(join(tmp, `out${i}`, "lite"))).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.startsWith("."))).toEqual([]);
  });
});
