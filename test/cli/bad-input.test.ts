/**
 * Every bad input the `restyle` CLI is tested against, in one table (each a spawn of the built CLI:
 * the exit code, the message, and that nothing was written), then Ctrl-C, a full disk, and the
 * decoder's refusals that need no process.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  cpSync,
  utimesSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { decodeImage, encodePng, ImageFormatError } from "../../src/node/image-io";
import { RestyleError } from "../../src/engine/errors";
import { atomicWrite, type WriteFs } from "../../src/kit/node/atomic-write";
import { runCli } from "../../src/cli/run-cli";
import { EXIT } from "../../src/cli/exit-codes";
import type { RgbaImage } from "../../src/engine/types";
import { IMAGES, REPO } from "../helpers/paths";
import { buildCliEntry, makeLiteWeights, runNode } from "./build-cli";
import { pngWithRows } from "./damaged-png";

const CONTENT = join(IMAGES, "fixture_content_64x64.png");
const STYLE = join(IMAGES, "fixture_style_32x48.png");
let cli = "";
let weights = "";
let tmp = "";

function checker(width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set(i % 3 ? [200, 60, 30, 255] : [20, 90, 220, 255], i * 4);
  return { width, height, data };
}

/** Every file under the package's weights/ with its size and mtime: a run must change none of it. */
function weightsTree(): string[] {
  const root = join(REPO, "weights");
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      out.push(`${relative(root, p)} ${st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(p);
    }
  };
  if (existsSync(root)) walk(root);
  return out.sort();
}

const file = (name: string) => join(tmp, name);

beforeAll(async () => {
  [cli, weights] = await Promise.all([buildCliEntry("restyle"), makeLiteWeights()]);
  tmp = mkdtempSync(join(tmpdir(), "restyle-bad-"));
  writeFileSync(file("fake.png"), "GIF89a this is not a png");
  writeFileSync(file("damaged.png"), pngWithRows(1024, 1024, false, 2));
  writeFileSync(file("content-copy.png"), readFileSync(CONTENT));
  writeFileSync(file("a-file"), "not a folder");
  for (const [w, h] of [
    [64, 2],
    [4000, 8],
    [2, 2],
  ])
    writeFileSync(file(`${w}x${h}.png`), encodePng(checker(w, h)));
  mkdirSync(file("a-folder.png"));
  execFileSync("mkfifo", [file("fifo.png")]);
  symlinkSync(file("loop-b.png"), file("loop-a.png"));
  symlinkSync(file("loop-a.png"), file("loop-b.png"));
  writeFileSync(file("empty.png"), "");
  for (const [name, m] of [
    ["protected.png", 0o444],
    ["no-access.png", 0o000],
  ] as const) {
    writeFileSync(file(name), readFileSync(STYLE));
    chmodSync(file(name), m);
  }
  symlinkSync(file("out-loop-b.png"), file("out-loop-a.png"));
  symlinkSync(file("out-loop-a.png"), file("out-loop-b.png"));
  // Weights folders with one file replaced by something that is not the file.
  const broken = (name: string, victim: string, make: (p: string) => void) => {
    cpSync(weights, file(name), { recursive: true });
    rmSync(join(file(name), victim));
    make(join(file(name), victim));
  };
  broken("w-fifo", "conv1_1.bin", (p) => execFileSync("mkfifo", [p]));
  broken("w-zero", "conv2_1.bin", (p) => symlinkSync("/dev/zero", p));
  broken("w-folder", "conv1_2.bin", (p) => mkdirSync(p));
  broken("w-loop", "conv3_1.bin", (p) => symlinkSync(p, p));
  broken("w-manifest-fifo", "manifest.json", (p) => execFileSync("mkfifo", [p]));
  broken("w-manifest-zero", "manifest.json", (p) => symlinkSync("/dev/zero", p));
  cpSync(weights, file("w-long"), { recursive: true });
  appendFileSync(join(file("w-long"), "conv2_2.bin"), new Uint8Array(4096));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const tiny = () => ["--size", "32", "--iterations", "1", "--scales", "1", "--weights", weights];

interface Case {
  name: string;
  args: () => string[];
  exit: number;
  stderr: RegExp;
  /** The file that must not appear (or must stay as it was). */
  output?: () => string;
  /** A file that must keep its bytes (STYLE's) and its mode. */
  keep?: { path: () => string; mode: number };
  /** Seconds the case may take (a refusal is quick). */
  withinS?: number;
  skip?: boolean;
}

const isRoot = process.getuid?.() === 0;

const CASES: Case[] = [
  {
    name: "an option out of range",
    args: () => [CONTENT, STYLE, "--strength", "2"],
    exit: EXIT.usage,
    stderr: /--strength must be between 0 and 1[\s\S]*restyle --help/,
  },
  { name: "an unknown option", args: () => [CONTENT, STYLE, "--frobnicate"], exit: EXIT.usage, stderr: /Unknown option '--frobnicate'/ },
  { name: "no style image", args: () => [CONTENT], exit: EXIT.usage, stderr: /content image and at least one style/ },
  {
    name: "an unknown --style-preset",
    args: () => [CONTENT, "--style-preset", "mona-lisa", "-o", file("o10.png")],
    exit: EXIT.usage,
    stderr:
      /^restyle: --style-preset "mona-lisa" is not a built-in style; choose one of starry-night, the-scream, great-wave, composition-vii, the-kiss \(restyle --list-styles\)\.\nRun restyle --help/,
    output: () => file("o10.png"),
  },
  {
    name: "--size 5 (below the smallest working size)",
    args: () => [CONTENT, STYLE, "--size", "5"],
    exit: EXIT.usage,
    stderr: /--size must be 0 \(the content's own size\) or at least 16 px, got 5/,
  },
  { name: "--size 15", args: () => [CONTENT, STYLE, "--size", "15"], exit: EXIT.usage, stderr: /--size must be 0 .* or at least 16 px, got 15/ },
  { name: "-o with an empty name", args: () => [CONTENT, STYLE, "-o", ""], exit: EXIT.usage, stderr: /-o needs a file name/ },
  {
    name: "-o with an extension we do not write",
    args: () => [CONTENT, STYLE, "-o", file("x.gif")],
    exit: EXIT.usage,
    stderr: /-o must name a \.png, \.jpg or \.jpeg file/,
    output: () => file("x.gif"),
  },
  {
    name: "-o equal to the content image",
    args: () => [file("content-copy.png"), STYLE, "-o", file("content-copy.png"), ...tiny()],
    exit: EXIT.usage,
    stderr: /is the content image; choose another -o, or pass --overwrite-input/,
  },
  {
    name: "-o equal to a style image, spelt differently",
    args: () => [CONTENT, file("content-copy.png"), "-o", join(tmp, ".", "content-copy.png"), ...tiny()],
    exit: EXIT.usage,
    stderr: /is a style image/,
  },
  {
    name: "a missing content file",
    args: () => [file("nope.png"), STYLE, ...tiny()],
    exit: EXIT.inputFile,
    stderr: /Cannot read the content image .*nope\.png: no such file/,
  },
  {
    name: "a folder as the style",
    args: () => [CONTENT, tmp, ...tiny(), "-o", file("o1.png")],
    exit: EXIT.inputFile,
    stderr: /Cannot read the style image .*: it is a folder/,
    output: () => file("o1.png"),
  },
  {
    name: "a FIFO as the content (would block forever)",
    args: () => [file("fifo.png"), STYLE, ...tiny(), "-o", file("o2.png")],
    exit: EXIT.inputFile,
    stderr: /not a regular file/,
    output: () => file("o2.png"),
    withinS: 20,
  },
  {
    name: "a symlink loop as the content",
    args: () => [file("loop-a.png"), STYLE, ...tiny()],
    exit: EXIT.inputFile,
    stderr: /Cannot read the content image .*loop-a\.png: it is a symbolic link loop \(or a chain of too many links\)\.\n$/,
  },
  { name: "a GIF named .png", args: () => [CONTENT, file("fake.png"), ...tiny()], exit: EXIT.badImage, stderr: /fake\.png is GIF, not PNG or JPEG/ },
  {
    name: "a PNG whose pixel data stops after 2 rows",
    args: () => [file("damaged.png"), STYLE, ...tiny(), "-o", file("o3.png")],
    exit: EXIT.badImage,
    stderr: /damaged PNG file/,
    output: () => file("o3.png"),
  },
  {
    name: "64×2 at --size 0 (too narrow for the network)",
    args: () => [file("64x2.png"), STYLE, "--size", "0", "--iterations", "1", "--weights", weights, "-o", file("o4.png")],
    exit: EXIT.badImage,
    stderr: /too narrow to stylise: at the working size it is 64×2 px, and the network needs at least 4 px/,
    output: () => file("o4.png"),
  },
  {
    name: "4000×8 at --size 32 on wasm",
    args: () => [file("4000x8.png"), STYLE, "--size", "32", "--iterations", "1", "--weights", weights, "-o", file("o5.png")],
    exit: EXIT.badImage,
    stderr: /too narrow to stylise: .*32×1 px/,
    output: () => file("o5.png"),
  },
  {
    name: "4000×8 at --size 32 on cpu",
    args: () => [file("4000x8.png"), STYLE, "--size", "32", "--iterations", "1", "--backend", "cpu", "--weights", weights, "-o", file("o6.png")],
    exit: EXIT.badImage,
    stderr: /too narrow to stylise/,
    output: () => file("o6.png"),
  },
  {
    name: "a thin style image",
    args: () => [CONTENT, file("4000x8.png"), ...tiny(), "-o", file("o7.png")],
    exit: EXIT.badImage,
    stderr: /style image \(4000×8\) is too narrow/,
    output: () => file("o7.png"),
  },
  {
    name: "weights absent from --weights",
    args: () => [CONTENT, STYLE, "--size", "32", "--iterations", "1", "--weights", file("no-weights"), "-o", file("o8.png")],
    exit: EXIT.weightsMissing,
    stderr: /npm run weights/,
    output: () => file("o8.png"),
  },
  {
    name: "--preset full with no weights installed and no network (writes nothing into the package)",
    args: () => [CONTENT, STYLE, "--preset", "full", ...tiny().slice(0, 6), "-o", file("o9.png")],
    exit: EXIT.weightsMissing,
    stderr: /full weights are not in .* could not be downloaded.*RESTYLE_WEIGHTS_FROM=PATH.*restyle weights --from PATH/,
    output: () => file("o9.png"),
    skip: existsSync(join(REPO, "weights/full/manifest.json")),
  },
  {
    name: "-o in a folder that does not exist (found before the run)",
    args: () => [CONTENT, STYLE, "-o", file("no-such-dir/x.png"), ...tiny()],
    exit: EXIT.outputFile,
    stderr: /^restyle: Cannot write the output .*x\.png: the folder .*no-such-dir does not exist\.\n$/,
  },
  {
    name: "-o under a file",
    args: () => [CONTENT, STYLE, "-o", file("a-file/x.png"), ...tiny()],
    exit: EXIT.outputFile,
    stderr: /Cannot write the output .*: a part of the path is not a folder/,
  },
  {
    name: "-o naming a folder",
    args: () => [CONTENT, STYLE, "-o", file("a-folder.png"), ...tiny()],
    exit: EXIT.outputFile,
    stderr: /Cannot write the output .*a-folder\.png: it is a folder/,
  },
  {
    name: "-o in a read-only folder",
    args: () => [CONTENT, STYLE, "-o", file("ro/x.png"), ...tiny()],
    exit: EXIT.outputFile,
    stderr: /permission denied/,
    skip: isRoot,
  },
  {
    name: "-o over a write-protected file (mode 444)",
    args: () => [CONTENT, STYLE, "-o", file("protected.png"), ...tiny()],
    exit: EXIT.outputFile,
    stderr: /^restyle: Cannot write the output .*protected\.png: it is write-protected; make it writable \(chmod u\+w\) or choose another name\.\n$/,
    keep: { path: () => file("protected.png"), mode: 0o444 },
  },
  {
    name: "-o over a file of mode 000",
    args: () => [CONTENT, STYLE, "-o", file("no-access.png"), ...tiny()],
    exit: EXIT.outputFile,
    stderr: /Cannot write the output .*no-access\.png: it is write-protected/,
    keep: { path: () => file("no-access.png"), mode: 0o000 },
  },
  {
    name: "-o a symlink loop",
    args: () => [CONTENT, STYLE, "-o", file("out-loop-a.png"), ...tiny()],
    exit: EXIT.outputFile,
    stderr: /Cannot write the output .*out-loop-a\.png: it is a symbolic link loop/,
  },
  {
    name: "an empty (0-byte) content file",
    args: () => [file("empty.png"), STYLE, ...tiny(), "-o", file("o11.png")],
    exit: EXIT.badImage,
    stderr: /^restyle: .*empty\.png is empty \(0 bytes\)\.\n$/,
    output: () => file("o11.png"),
  },
  {
    name: "an empty (0-byte) style file",
    args: () => [CONTENT, file("empty.png"), ...tiny(), "-o", file("o12.png")],
    exit: EXIT.badImage,
    stderr: /empty\.png is empty \(0 bytes\)/,
    output: () => file("o12.png"),
  },
  { name: "--output with an empty name", args: () => [CONTENT, STYLE, "--output="], exit: EXIT.usage, stderr: /-o needs a file name/ },
  {
    name: "--weights with an empty name (would mean the current folder)",
    args: () => [CONTENT, STYLE, "--weights", "", "-o", file("o13.png")],
    exit: EXIT.usage,
    stderr: /--weights needs a folder name, got an empty name/,
    output: () => file("o13.png"),
  },
  {
    name: "an escape sequence in a missing content name",
    args: () => [file("\x1b[2J\x1b]0;owned\x07.png"), STYLE, ...tiny()],
    exit: EXIT.inputFile,
    stderr: /Cannot read the content image .*\\x1b\[2J\\x1b\]0;owned\\x07\.png: no such file/,
  },
  {
    name: "a newline and CR in a style name",
    args: () => [CONTENT, file("a\nrestyle: Wrote\r.png"), ...tiny()],
    exit: EXIT.inputFile,
    stderr: /a\\x0arestyle: Wrote\\x0d\.png: no such file/,
  },
  {
    name: "an escape in an -o name with the wrong extension",
    args: () => [CONTENT, STYLE, "-o", "x\x1b[31m.gif"],
    exit: EXIT.usage,
    stderr: /got "x\\x1b\[31m\.gif"/,
  },
  {
    name: "an escape in a --style-preset name",
    args: () => [CONTENT, "--style-preset", "\x1b[31mstarry"],
    exit: EXIT.usage,
    stderr: /--style-preset "\\x1b\[31mstarry" is not a built-in style/,
  },
  { name: "an escape in an unknown option", args: () => [CONTENT, STYLE, "--\x1bx"], exit: EXIT.usage, stderr: /Unknown option '--\\x1bx'/ },
  {
    name: "a C1 CSI and a bidi override in a name",
    args: () => [file("a\u009b2J\u202egnp.png"), STYLE, ...tiny()],
    exit: EXIT.inputFile,
    stderr: /a\\x9b2J\\u202egnp\.png: no such file/,
  },
  {
    name: "a weights shard that is a FIFO (fails at once)",
    args: () => [CONTENT, STYLE, "--size", "32", "--iterations", "1", "--weights", file("w-fifo"), "-o", file("o14.png")],
    exit: EXIT.weightsCorrupt,
    stderr: /The weights file .*conv1_1\.bin is not a regular file \(a pipe, a device or a socket\)/,
    output: () => file("o14.png"),
    withinS: 20,
  },
  {
    name: "a weights shard linked to /dev/zero",
    args: () => [CONTENT, STYLE, "--size", "32", "--iterations", "1", "--weights", file("w-zero"), "-o", file("o15.png")],
    exit: EXIT.weightsCorrupt,
    stderr: /The weights file .*conv2_1\.bin is not a regular file/,
    output: () => file("o15.png"),
    withinS: 20,
  },
  {
    name: "a weights shard that is a folder (an input problem)",
    args: () => [CONTENT, STYLE, "--size", "32", "--iterations", "1", "--weights", file("w-folder"), "-o", file("o16.png")],
    exit: EXIT.weightsCorrupt,
    stderr: /The weights file .*conv1_2\.bin is a folder, not a file\./,
    output: () => file("o16.png"),
  },
  {
    name: "a weights shard that is a symlink loop",
    args: () => [CONTENT, STYLE, "--size", "32", "--iterations", "1", "--weights", file("w-loop"), "-o", file("o17.png")],
    exit: EXIT.weightsCorrupt,
    stderr: /The weights file .*conv3_1\.bin is a symbolic link loop/,
    output: () => file("o17.png"),
  },
  {
    name: "a weights manifest that is a FIFO",
    args: () => [CONTENT, STYLE, "--size", "32", "--iterations", "1", "--weights", file("w-manifest-fifo"), "-o", file("o18.png")],
    exit: EXIT.weightsCorrupt,
    stderr: /The weights manifest .*manifest\.json is not a regular file/,
    output: () => file("o18.png"),
    withinS: 20,
  },
  {
    name: "a weights manifest linked to /dev/zero",
    args: () => [CONTENT, STYLE, "--size", "32", "--iterations", "1", "--weights", file("w-manifest-zero"), "-o", file("o19.png")],
    exit: EXIT.weightsCorrupt,
    stderr: /The weights manifest .*manifest\.json is not a regular file/,
    output: () => file("o19.png"),
    withinS: 20,
  },
  {
    name: "a weights shard longer than its manifest says",
    args: () => [CONTENT, STYLE, "--size", "32", "--iterations", "1", "--weights", file("w-long"), "-o", file("o20.png")],
    exit: EXIT.weightsCorrupt,
    stderr: /The weights file .*conv2_2\.bin is longer than the \d+ bytes it should have\./,
    output: () => file("o20.png"),
  },
];

describe("restyle CLI: bad input", () => {
  it.each(CASES.filter((c) => !c.skip).map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    if (c.name.includes("read-only")) {
      mkdirSync(file("ro"), { recursive: true });
      chmodSync(file("ro"), 0o555);
    }
    const before = c.name.includes("package") ? weightsTree() : null;
    const contentBefore = readFileSync(file("content-copy.png"));
    const t0 = Date.now();
    // An empty weights cache and a weights host that refuses connections: nothing is downloaded.
    const env = { RESTYLE_CACHE_DIR: file("cache"), RESTYLE_WEIGHTS_MIRROR: "http://127.0.0.1:9", RESTYLE_WEIGHTS_FROM: "" };
    const r = await runNode(cli, c.args(), { timeoutMs: (c.withinS ?? 60) * 1000, env });
    expect(r.stderr, r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(r.code, r.stderr).toBe(c.exit);
    expect(r.stderr).toMatch(c.stderr);
    // Names are shown escaped: no control character reaches the terminal.
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(Date.now() - t0).toBeLessThan((c.withinS ?? 60) * 1000);
    if (c.keep) {
      // Mode as it was, then the bytes (made readable for the check, then protected again).
      const { path, mode } = c.keep;
      expect(statSync(path()).mode & 0o7777).toBe(mode);
      chmodSync(path(), 0o600);
      expect(readFileSync(path()).equals(readFileSync(STYLE))).toBe(true);
      chmodSync(path(), mode);
    }
    if (c.output) expect(existsSync(c.output())).toBe(false);
    expect(readFileSync(file("content-copy.png")).equals(contentBefore)).toBe(true);
    if (before) expect(weightsTree()).toEqual(before);
    // No temporary or probe file is left beside any output.
    expect(readdirSync(tmp).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("--json reports a failure as one JSON object", async () => {
    const r = await runNode(cli, [CONTENT, STYLE, "--strength", "2", "--json"]);
    expect(r.code).toBe(EXIT.usage);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: "bad-options", exitCode: 2 } });
  });
});

/** Spawns the CLI, sends SIGINT once the run is under way, and times the exit. */
function interrupt(
  args: string[],
  opts: { second?: boolean; when?: RegExp; afterMs?: number; signal?: NodeJS.Signals } = {},
): Promise<{ code: number | null; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let sentAt = 0;
    const killer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      // By default the first progress line: the optimisation is running.
      if (!sentAt && (opts.when ?? /iter \d+\//).test(stderr)) {
        sentAt = -1;
        setTimeout(() => {
          sentAt = Date.now();
          child.kill(opts.signal ?? "SIGINT");
          if (opts.second) setTimeout(() => child.kill(opts.signal ?? "SIGINT"), 20);
        }, opts.afterMs ?? 0);
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, stderr, ms: sentAt ? Date.now() - sentAt : NaN });
    });
  });
}

describe("Ctrl-C", () => {
  it.each(["wasm", "cpu"] as const)("SIGINT during a run on %s: exit 130 within about one iteration, no output file", async (backend) => {
    const out = file(`sigint-${backend}.png`);
    const size = backend === "wasm" ? "128" : "64";
    // cpu: an iteration at 64 px takes many seconds; interrupt it part-way through the first one.
    const when = backend === "cpu" ? { when: /scale\(s\)/, afterMs: 2000 } : {};
    const r = await interrupt(
      [CONTENT, STYLE, "-o", out, "--size", size, "--iterations", "200", "--scales", "1", "--backend", backend, "--weights", weights],
      when,
    );
    console.log(`SIGINT → exit on ${backend} at ${size} px: ${r.ms} ms`);
    expect(r.code, r.stderr).toBe(EXIT.cancelled);
    expect(r.stderr).toMatch(/restyle: interrupted; nothing was written\./);
    expect(existsSync(out)).toBe(false);
    expect(r.stderr).not.toMatch(/Wrote/);
    expect(r.ms).toBeLessThan(backend === "wasm" ? 3000 : 8000);
  });

  it.each([
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)("%s is handled as SIGINT is: exit %i, nothing written, no temporary left", async (signal, code) => {
    const out = file(`${signal}.png`);
    const r = await interrupt([CONTENT, STYLE, "-o", out, "--size", "128", "--iterations", "200", "--scales", "1", "--weights", weights, "--json"], { signal });
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toMatch(/restyle: interrupted; nothing was written\./);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.startsWith(`.${signal}`))).toEqual([]);
  });

  it("a second SIGTERM exits at once with 143", async () => {
    const out = file("sigterm-twice.png");
    const r = await interrupt([CONTENT, STYLE, "-o", out, "--size", "64", "--iterations", "200", "--scales", "1", "--backend", "cpu", "--weights", weights], {
      second: true,
      signal: "SIGTERM",
      when: /scale\(s\)/,
      afterMs: 500,
    });
    expect(r.code).toBe(143);
    expect(existsSync(out)).toBe(false);
  });

  it("a second SIGINT exits at once", async () => {
    const out = file("sigint-twice.png");
    const r = await interrupt([CONTENT, STYLE, "-o", out, "--size", "64", "--iterations", "200", "--scales", "1", "--backend", "cpu", "--weights", weights], {
      second: true,
      when: /scale\(s\)/,
      afterMs: 500,
    });
    expect(r.code).toBe(EXIT.cancelled);
    expect(existsSync(out)).toBe(false);
  });
});

describe("the output is written whole or not at all", () => {
  /** A file system that runs out of space half-way through any write. */
  const fullDisk = (): WriteFs => ({
    writeFile: async (p, d) => {
      writeFileSync(p, typeof d === "string" ? d.slice(0, d.length >> 1) : d.subarray(0, d.length >> 1));
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    },
    rename: async () => {
      throw new Error("unreachable");
    },
    rm: async (p) => rmSync(p, { force: true }),
  });

  it("atomicWrite on a full disk leaves the old file byte-identical and no temporary file", async () => {
    const target = file("keep.bin");
    writeFileSync(target, "the old bytes");
    await expect(atomicWrite(target, new Uint8Array(1000), { fs: fullDisk() })).rejects.toThrow(/ENOSPC/);
    expect(readFileSync(target, "utf8")).toBe("the old bytes");
    expect(readdirSync(tmp).filter((n) => n.startsWith(".keep.bin"))).toEqual([]);
  });

  it("the CLI on a full disk: exit 8 in words, the old output byte-identical", async () => {
    const out = file("old-output.png");
    writeFileSync(out, readFileSync(STYLE));
    const before = readFileSync(out);
    let stderr = "";
    const code = await runCli([CONTENT, STYLE, "-o", out, ...tiny(), "--quiet"], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => ((stderr += s), true) },
      writeFs: fullDisk(),
    });
    expect(code).toBe(EXIT.outputFile);
    expect(stderr).toMatch(/Cannot write the output .*old-output\.png: the disk is full\./);
    expect(readFileSync(out).equals(before)).toBe(true);
    expect(readdirSync(tmp).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("-o x.jpg writes a JPEG; the header gives the real schedule", async () => {
    const out = file("out.jpg");
    const r = await runNode(cli, [CONTENT, STYLE, "-o", out, "--size", "32", "--iterations", "1", "--scales", "0.25,0.5,1", "--weights", weights]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect([decodeImage(bytes).width, decodeImage(bytes).height]).toEqual([32, 32]);
    // 0.25 of 32 px is under the smallest coarse scale: two scales run, and the header says so.
    expect(r.stderr).toMatch(/2 scale\(s\) \(16×16: 1 iterations, 32×32: 1 iterations\)/);
    expect(r.stderr).toMatch(/scale 2\/2/);
    expect(r.stderr).not.toMatch(/scale \d\/3/);
  });

  it("--overwrite-input replaces the content image when asked", async () => {
    const victim = file("victim.png");
    writeFileSync(victim, readFileSync(CONTENT));
    const r = await runNode(cli, [victim, STYLE, "-o", victim, "--overwrite-input", ...tiny(), "--quiet"]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(decodeImage(readFileSync(victim)).width).toBe(32);
  });
});

describe("files keep their protection", () => {
  it("-o over a file of mode 600 replaces it and keeps 600; a stale temporary beside it is removed, a fresh one kept", async () => {
    const sub = mkdtempSync(join(tmp, "keep-"));
    const out = join(sub, "private.png");
    writeFileSync(out, readFileSync(STYLE));
    chmodSync(out, 0o600);
    const dead = 2 ** 22 + 7;
    const stale = join(sub, `.private.png.restyle-${dead}-0badf00d.tmp`);
    const fresh = join(sub, `.private.png.restyle-${dead}-0badf00e.tmp`);
    const foreign = join(sub, `.private.png.${dead}.0badf00d.tmp`);
    for (const p of [stale, fresh, foreign]) writeFileSync(p, "half");
    const old = (Date.now() - 10 * 60_000) / 1000;
    utimesSync(stale, old, old);
    utimesSync(foreign, old, old);
    const r = await runNode(cli, [CONTENT, STYLE, "-o", out, ...tiny(), "--quiet"]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(statSync(out).mode & 0o7777).toBe(0o600);
    expect(decodeImage(readFileSync(out)).width).toBe(32);
    expect(readdirSync(sub).sort()).toEqual([basename(foreign), basename(fresh), "private.png"].sort());
  });

  it("a legal 251-character output name works (the temporary stays within NAME_MAX)", async () => {
    const name = "r".repeat(247) + ".png";
    const r = await runNode(cli, [CONTENT, STYLE, "-o", file(name), ...tiny(), "--quiet"]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(decodeImage(readFileSync(file(name))).width).toBe(32);
    rmSync(file(name));
  });

  it("a JPEG with EXIF orientation 6 comes out upright (width and height swapped, as a browser shows it)", async () => {
    const jpg = readFileSync(join(IMAGES, "content_tubingen.jpg")); // 512×384, no EXIF
    const exif = Buffer.from("457869660000" + "4d4d002a00000008" + "0001" + "011200030000000100060000" + "00000000", "hex");
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, exif.length + 2]), exif]);
    writeFileSync(file("sideways.jpg"), Buffer.concat([jpg.subarray(0, 2), app1, jpg.subarray(2)]));
    const out = file("upright.png");
    const r = await runNode(cli, [file("sideways.jpg"), STYLE, "-o", out, ...tiny(), "--quiet"]);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    const img = decodeImage(readFileSync(out));
    expect([img.width, img.height]).toEqual([24, 32]);
    rmSync(out);
  });
});

describe("the decoder: damaged and unsupported files", () => {
  it.each([
    [1024, false],
    [2048, false],
    [2048, true],
    [8192, false],
    [8192, true],
  ] as const)("%i px, alpha %s, pixel data for 2 rows", (side, alpha) => {
    expect(() => decodeImage(pngWithRows(side, side, alpha, 2), "cut.png")).toThrow(/cut\.png is a damaged PNG file/);
  });

  it("a GIF is named as such", () => {
    let err: unknown;
    try {
      decodeImage(new TextEncoder().encode("GIF89a\x01\x00\x01\x00"), "pic.png");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImageFormatError);
    expect(err).toBeInstanceOf(RestyleError);
    expect((err as ImageFormatError).kind).toBe("unsupported");
    expect((err as Error).message).toMatch(/pic\.png is GIF, not PNG or JPEG/);
  });

  it("a PNG or JPEG cut short is damaged", () => {
    expect(() => decodeImage(encodePng(checker(16, 16)).subarray(0, 60))).toThrow(/damaged PNG/);
    const cut = new Uint8Array(readFileSync(join(IMAGES, "content_coffee.jpg")).subarray(0, 600));
    expect(() => decodeImage(cut)).toThrow(expect.objectContaining({ kind: "corrupt" }));
  });

  it("an image past the size limit is refused before it is decoded", () => {
    const png = Buffer.from(encodePng(checker(2, 2)));
    png.writeUInt32BE(100_000, 16); // IHDR width
    expect(() => decodeImage(png)).toThrow(expect.objectContaining({ code: "image-too-large" }));
  });

  it("the same construction with every row decodes", () => {
    expect(decodeImage(pngWithRows(64, 48, true, 48)).height).toBe(48);
  });
});
