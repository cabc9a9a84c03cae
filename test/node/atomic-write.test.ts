/**
 * atomicWrite keeps a file's protection: a write-protected target is refused and left as it was,
 * a replaced file keeps its mode (and owner), the temporary fits NAME_MAX, and stale temporaries
 * of its own pattern (and only those) are removed by a later write in that folder.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { atomicWrite, WriteProtectedError } from "../../src/kit/node/atomic-write";
import { checkOutputWritable } from "../../src/node/check-output";
import { fsErrorWords } from "../../src/kit/node/fs-error-words";
import { NAME_MAX, removePendingTemporariesSync, removeStaleTemporaries, tempPathFor, TEMP_PATTERN, trackTemporary } from "../../src/kit/node/temp-files";

let dir = "";
const at = (name: string) => join(dir, name);
const mode = (p: string) => statSync(p).mode & 0o7777;
const isRoot = process.getuid?.() === 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "restyle-atomic-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("write protection", () => {
  it.each([0o444, 0o400, 0o000, 0o555].map((m) => [m.toString(8), m]))(
    "a file of mode %s is refused, bytes and mode unchanged, no temporary left",
    async (_, m) => {
      const p = at(`protected-${m.toString(8)}.png`);
      writeFileSync(p, "the old bytes");
      chmodSync(p, m);
      const err = await atomicWrite(p, "new").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WriteProtectedError);
      expect(fsErrorWords(err)).toMatch(/^it is write-protected; make it writable \(chmod u\+w\) or choose another name$/);
      await expect(checkOutputWritable(p)).rejects.toBeInstanceOf(WriteProtectedError);
      chmodSync(p, 0o600);
      expect(readFileSync(p, "utf8")).toBe("the old bytes");
      chmodSync(p, m);
      expect(mode(p)).toBe(m);
      expect(readdirSync(dir).filter((n) => TEMP_PATTERN.test(n))).toEqual([]);
    },
  );

  it.each([0o600, 0o640, 0o644, 0o664, 0o700, 0o755, 0o604].map((m) => [m.toString(8), m]))("replacing a file of mode %s keeps the mode", async (_, m) => {
    const p = at(`keep-${m.toString(8)}.png`);
    writeFileSync(p, "old");
    chmodSync(p, m);
    await atomicWrite(p, "new bytes");
    expect(readFileSync(p, "utf8")).toBe("new bytes");
    expect(mode(p)).toBe(m);
  });

  it("a new file gets the usual mode (0666 less the umask)", async () => {
    const p = at("fresh.png");
    await atomicWrite(p, "x");
    const umask = process.umask(0o022);
    process.umask(umask);
    expect(mode(p)).toBe(0o666 & ~umask);
  });

  it.skipIf(!isRoot)("replacing another user's file keeps its owner and group (root may)", async () => {
    const p = at("owned.png");
    writeFileSync(p, "old");
    chownSync(p, 12345, 23456);
    chmodSync(p, 0o640);
    await atomicWrite(p, "new");
    const st = statSync(p);
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([12345, 23456, 0o640]);
  });
});

describe("the temporary's name", () => {
  it.each([5, 100, 200, 240, 251, 255])("a %i-byte output name works (NAME_MAX is 255)", async (len) => {
    const name = "n".repeat(len - 4) + ".png";
    const tmp = basename(tempPathFor(at(name)));
    expect(Buffer.byteLength(tmp)).toBeLessThanOrEqual(NAME_MAX);
    expect(tmp).toMatch(TEMP_PATTERN);
    await atomicWrite(at(name), "ok");
    await checkOutputWritable(at(name));
    expect(readFileSync(at(name), "utf8")).toBe("ok");
  });

  it("a long name of multi-byte characters is cut between characters", () => {
    const tmp = basename(tempPathFor(at("é".repeat(125) + ".png")));
    expect(Buffer.byteLength(tmp)).toBeLessThanOrEqual(NAME_MAX);
    expect(tmp).not.toContain("\ufffd");
    expect(Buffer.from(tmp).toString()).toBe(tmp);
  });
});

describe("stale temporaries", () => {
  const ago = (p: string, ms: number) => utimesSync(p, (Date.now() - ms) / 1000, (Date.now() - ms) / 1000);
  const DEAD = 2 ** 22 + 7; // above Linux's pid_max default: no such process

  it("removes only its own pattern, only when stale", async () => {
    const sub = mkdtempSync(join(dir, "stale-"));
    const files: Record<string, [age: number, removed: boolean]> = {
      [`.out.png.restyle-${DEAD}-0123abcd.tmp`]: [2 * 60_000, true], // dead pid, 2 min old
      [`.out.png.restyle-${DEAD}-0123abce.tmp`]: [10_000, false], // dead pid, but 10 s old: maybe a write elsewhere
      [`.out.png.restyle-${process.pid}-0123abcf.tmp`]: [5 * 60_000, false], // a live pid, 5 min
      [`.out.png.restyle-${process.pid}-0123abd0.tmp`]: [2 * 3600_000, true], // a live pid, but 2 h: abandoned
      [`.out.png.${DEAD}.0123abcd.tmp`]: [2 * 3600_000, false], // another tool's pattern
      ["out.png"]: [2 * 3600_000, false],
      [`.notes.restyle-${DEAD}-0123abcd.tmp.txt`]: [2 * 3600_000, false],
    };
    for (const [name, [age]] of Object.entries(files)) {
      writeFileSync(join(sub, name), "x");
      ago(join(sub, name), age);
    }
    const removed = await removeStaleTemporaries(sub);
    expect(removed.sort()).toEqual(
      Object.keys(files)
        .filter((n) => files[n][1])
        .sort(),
    );
    expect(readdirSync(sub).sort()).toEqual(
      Object.keys(files)
        .filter((n) => !files[n][1])
        .sort(),
    );
  });

  it("a later write in that folder removes a killed run's temporary", async () => {
    const sub = mkdtempSync(join(dir, "later-"));
    const left = join(sub, `.result.png.restyle-${DEAD}-deadbeef.tmp`);
    writeFileSync(left, "half a png");
    ago(left, 5 * 60_000);
    await atomicWrite(join(sub, "other.png"), "new");
    expect(readdirSync(sub)).toEqual(["other.png"]);
  });
});

describe("an interrupted write", () => {
  it("aborted before the rename: the target keeps its bytes, the temporary is removed, the error is a cancel", async () => {
    const p = at("interrupted.png");
    writeFileSync(p, "the old bytes");
    const ac = new AbortController();
    ac.abort();
    await expect(atomicWrite(p, "new", { signal: ac.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(readFileSync(p, "utf8")).toBe("the old bytes");
    expect(readdirSync(dir).filter((n) => n.startsWith(".interrupted"))).toEqual([]);
  });

  it("a second signal removes this process's temporaries before it exits", () => {
    const p = tempPathFor(at("pending.png"));
    writeFileSync(p, "half");
    trackTemporary(p);
    removePendingTemporariesSync();
    expect(readdirSync(dir).filter((n) => n.startsWith(".pending"))).toEqual([]);
  });
});
