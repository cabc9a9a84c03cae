/**
 * read-bounded-file: what is at a weights path is trusted for nothing. A FIFO (no writer: an open
 * would block forever), a device, a link to /dev/zero (reads without end), a folder and a link loop
 * each fail at once with a sentence naming the file; a regular file is read to at most its declared
 * size + 1. Both the async and the sync reader.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readBoundedFile, readBoundedFileSync } from "../../../src/weights/node/read-bounded-file";

let dir = "";
const at = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "restyle-bounded-"));
  execFileSync("mkfifo", [at("fifo.bin")]);
  symlinkSync("/dev/zero", at("zero.bin"));
  symlinkSync(at("loop-b.bin"), at("loop-a.bin"));
  symlinkSync(at("loop-a.bin"), at("loop-b.bin"));
  mkdirSync(at("folder.bin"));
  writeFileSync(at("exact.bin"), new Uint8Array(1000).fill(7));
  writeFileSync(at("long.bin"), new Uint8Array(5000));
  writeFileSync(at("short.bin"), new Uint8Array(10));
  symlinkSync(at("exact.bin"), at("link-to-exact.bin"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REFUSED: Array<[string, string, RegExp]> = [
  ["a FIFO", "fifo.bin", /^The weights file .*fifo\.bin is not a regular file \(a pipe, a device or a socket\); replace it with the real file\.$/],
  ["a link to /dev/zero", "zero.bin", /^The weights file .*zero\.bin is not a regular file/],
  ["/dev/null itself", "/dev/null", /^The weights file \/dev\/null is not a regular file/],
  ["a folder", "folder.bin", /^The weights file .*folder\.bin is a folder, not a file\.$/],
  ["a symlink loop", "loop-a.bin", /^The weights file .*loop-a\.bin is a symbolic link loop/],
  ["a file longer than declared", "long.bin", /^The weights file .*long\.bin is longer than the 1000 bytes it should have\.$/],
];

describe.each([
  ["async", (p: string, n: number) => readBoundedFile(p, n, { what: "The weights file" })],
  ["sync", async (p: string, n: number) => readBoundedFileSync(p, n, { what: "The weights file" })],
] as const)("readBoundedFile (%s)", (_kind, read) => {
  it.each(REFUSED)("%s is refused within a second, naming it", async (_name, file, message) => {
    const t0 = Date.now();
    const err = await read(file.startsWith("/") ? file : at(file), 1000).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "weights-corrupt" });
    expect((err as Error).message).toMatch(message);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it("a regular file (or a link to one) of the declared size, or shorter, is read whole", async () => {
    expect(Array.from(await read(at("exact.bin"), 1000))).toEqual(new Array(1000).fill(7));
    expect((await read(at("link-to-exact.bin"), 1000)).length).toBe(1000);
    expect((await read(at("short.bin"), 1000)).length).toBe(10);
  });

  it("a missing file is the caller's to word (ENOENT as it is)", async () => {
    await expect(read(at("nope.bin"), 10)).rejects.toMatchObject({ code: "ENOENT" });
  });
});
