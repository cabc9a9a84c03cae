/**
 * The largest input the limits admit runs in bounded memory. An 8192×8192 PNG (exactly the 64-MP
 * limit) once peaked at 5.5 GB for a 32 px result and crashed: the engine turned it into full-size
 * int32 and float32 tensors. The CLI now shrinks each decoded image on its bytes first, so the peak
 * is the decoder's (pngjs: file + inflated rows + the RGBA buffer, about 1.2 GiB here; jpeg-js also
 * holds DCT planes, about 2.2 GiB) plus a small run. The built CLI runs in a child; its peak RSS (process.resourceUsage().maxRSS at exit) is checked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import jpeg from "jpeg-js";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, createDeflate } from "node:zlib";
import { decodeImage } from "../../src/node/image-io";
import { IMAGES } from "../helpers/paths";
import { buildCliEntry, makeLiteWeights } from "./build-cli";

/** The bounds this test holds the CLI to, for --size 32 on the largest admitted PNG and JPEG (jpeg-js keeps DCT planes too). */
const PEAK_BOUND_BYTES = { png: 1.6 * 2 ** 30, jpeg: 2.5 * 2 ** 30 };
const SIDE = 8192;

let tmp = "";
let cli = "";
let weights = "";

function chunk(type: string, body: Buffer): Buffer {
  const b = Buffer.alloc(12 + body.length);
  b.writeUInt32BE(body.length, 0);
  b.write(type, 4, "latin1");
  body.copy(b, 8);
  b.writeUInt32BE(crc32(b.subarray(4, 8 + body.length)), 8 + body.length);
  return b;
}

/** Writes a side × side RGBA PNG (a gradient, with a red block top-left) row by row: the test process never holds it whole. */
async function writeLargePng(path: string, side: number): Promise<void> {
  const ws = createWriteStream(path);
  ws.write(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  ws.write(chunk("IHDR", ihdr));
  const deflate = createDeflate({ level: 1 });
  deflate.on("data", (d: Buffer) => ws.write(chunk("IDAT", d)));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on("end", () => ws.end(chunk("IEND", Buffer.alloc(0)), resolve));
    deflate.on("error", reject);
  });
  for (let y = 0; y < side; y++) {
    const row = Buffer.alloc(1 + side * 4);
    for (let x = 0; x < side; x++) row.set(x < side / 2 && y < side / 2 ? [220, 20, 20, 255] : [(x * 255) / side, (y * 255) / side, 128, 255], 1 + x * 4);
    if (!deflate.write(row)) await new Promise((r) => deflate.once("drain", r));
  }
  deflate.end();
  await done;
}

/** The same picture as a baseline JPEG (jpeg-js; the RGBA buffer is made once, here). */
function largeJpeg(side: number): Buffer {
  const data = Buffer.alloc(side * side * 4);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++)
      data.set(x < side / 2 && y < side / 2 ? [220, 20, 20, 255] : [(x * 255) / side, (y * 255) / side, 128, 255], (y * side + x) * 4);
  }
  return jpeg.encode({ data, width: side, height: side }, 85).data;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "restyle-large-"));
  [cli, weights] = await Promise.all([buildCliEntry("restyle"), makeLiteWeights(), writeLargePng(join(tmp, "large.png"), SIDE)]);
  writeFileSync(join(tmp, "large.jpg"), largeJpeg(SIDE));
  writeFileSync(
    join(tmp, "rss.cjs"),
    'process.on("exit", () => require("node:fs").writeFileSync(process.env.RSS_OUT, String(process.resourceUsage().maxRSS * 1024)));\n',
  );
}, 300_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the largest admitted image", () => {
  it.each(["png", "jpeg"] as const)(
    `${SIDE}×${SIDE} %s with --size 32: done, and the peak stays under its bound`,
    (format) => {
      const out = join(tmp, `out-${format}.png`);
      const rssFile = join(tmp, `rss-${format}.txt`);
      const input = join(tmp, format === "png" ? "large.png" : "large.jpg");
      const run = spawnSync(
        process.execPath,
        [
          "--require",
          join(tmp, "rss.cjs"),
          cli,
          input,
          join(IMAGES, "fixture_style_32x48.png"),
          "-o",
          out,
          "--size",
          "32",
          "--iterations",
          "1",
          "--weights",
          weights,
          "--quiet",
        ],
        {
          env: { ...process.env, RSS_OUT: rssFile },
          encoding: "utf8",
          timeout: 240_000,
        },
      );
      expect(run.status, run.stderr).toBe(0);
      const peak = Number(readFileSync(rssFile, "utf8"));
      console.log(
        `${SIDE}×${SIDE} ${format}, --size 32: peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB (bound ${(PEAK_BOUND_BYTES[format] / 2 ** 20).toFixed(0)} MiB)`,
      );
      expect(peak).toBeLessThan(PEAK_BOUND_BYTES[format]);
      const img = decodeImage(readFileSync(out));
      expect([img.width, img.height]).toEqual([32, 32]);
      // The red quarter (blue 20) is still the top-left quarter; elsewhere blue is 128 (the shrink kept the geometry).
      const blue = (x: number, y: number) => img.data[(y * 32 + x) * 4 + 2];
      expect(blue(4, 4)).toBeLessThan(75);
      expect(blue(28, 4)).toBeGreaterThan(90);
      expect(blue(4, 28)).toBeGreaterThan(90);
    },
    300_000,
  );
});
