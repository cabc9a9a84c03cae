// The built-in styles as the code sees them (through the same "restyle:gallery" module the build
// inlines): every entry decodes to its recorded size (its source's own, up to 1024 px), is the
// painting its slug names (against the shared original it was made from), stays within the
// panel's size budget, and agrees with assets/gallery's README.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GALLERY, galleryStyle } from "../../src/gallery";
import { decodeImage } from "../../src/node/image-io";
import type { RgbaImage } from "../../src/engine/types";
import { IMAGES, REPO } from "../helpers/paths";

const DIR = join(REPO, "assets/gallery");
/** The long side a painting ships at: its source's own, up to this (assets/gallery/resize.py). */
const MAX_LONG_SIDE = 1024;
/**
 * All five files together: inlined as base64 (4/3 of the bytes) in each page, this keeps the
 * panel's growth over the 256 px gallery (94 KB) within 1.5 MB (docs/perf/gallery.md).
 */
const MAX_TOTAL_BYTES = 1_100_000;
/** Each gallery file was resized from this shared original (assets/gallery/resize.py): the largest there is. */
const SOURCE: Record<string, string> = {
  "starry-night": "large/style_starry_night_1280.jpg",
  "the-scream": "style_the_scream.jpg",
  "great-wave": "large/style_great_wave_928.jpg",
  "composition-vii": "large/style_composition_vii_1071.jpg",
  "the-kiss": "large/style_the_kiss_640.png",
};

interface ListEntry {
  slug: string;
  file: string;
  title: string;
  artist: string;
  year: string;
  width: number;
  height: number;
}
const list = JSON.parse(readFileSync(join(DIR, "gallery.json"), "utf8")) as ListEntry[];
const readme = readFileSync(join(DIR, "README.md"), "utf8");

/** Mean absolute RGB difference between two images of one size. */
function meanAbsDiff(a: RgbaImage, b: RgbaImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 4) for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i + c] - b.data[i + c]);
  return sum / ((a.data.length / 4) * 3);
}

/** `src` at `w`×`h`, each target pixel the mean of the source pixels that fall in it. */
function boxDown(src: RgbaImage, w: number, h: number): RgbaImage {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [x0, x1] = [Math.floor((x * src.width) / w), Math.max(Math.floor(((x + 1) * src.width) / w), Math.floor((x * src.width) / w) + 1)];
      const [y0, y1] = [Math.floor((y * src.height) / h), Math.max(Math.floor(((y + 1) * src.height) / h), Math.floor((y * src.height) / h) + 1)];
      for (let c = 0; c < 4; c++) {
        let s = 0;
        for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) s += src.data[(yy * src.width + xx) * 4 + c];
        data[(y * w + x) * 4 + c] = Math.round(s / ((x1 - x0) * (y1 - y0)));
      }
    }
  }
  return { width: w, height: h, data };
}

describe("GALLERY", () => {
  it("lists the five paintings, slugs unique, in gallery.json's order and with its fields", () => {
    expect(GALLERY.map((s) => s.slug)).toEqual(["starry-night", "the-scream", "great-wave", "composition-vii", "the-kiss"]);
    expect(new Set(GALLERY.map((s) => s.slug)).size).toBe(GALLERY.length);
    expect(GALLERY.map(({ slug, title, artist, year, width, height }) => ({ slug, title, artist, year, width, height }))).toEqual(
      list.map(({ slug, title, artist, year, width, height }) => ({ slug, title, artist, year, width, height })),
    );
  });

  it("carries each file's exact bytes, baseline JPEGs of at most 1.1 MB together", () => {
    expect(GALLERY.reduce((a, s) => a + s.jpeg.length, 0)).toBeLessThanOrEqual(MAX_TOTAL_BYTES);
    for (const [i, s] of GALLERY.entries()) {
      const disk = readFileSync(join(DIR, list[i].file));
      expect(s.jpeg).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(s.jpeg).equals(disk), s.slug).toBe(true);
      const markers = Buffer.from(s.jpeg);
      expect(markers.indexOf(Buffer.from([0xff, 0xc0])), `${s.slug}: SOF0`).toBeGreaterThan(0);
      expect(markers.indexOf(Buffer.from([0xff, 0xc2])), `${s.slug}: progressive`).toBe(-1);
    }
  });

  it("decodes each to its recorded size: its source's aspect, its long side the source's own up to 1024 px (never enlarged)", () => {
    for (const s of GALLERY) {
      const img = decodeImage(s.jpeg, s.slug);
      expect([img.width, img.height], s.slug).toEqual([s.width, s.height]);
      const src = decodeImage(readFileSync(join(IMAGES, SOURCE[s.slug])), SOURCE[s.slug]);
      const long = Math.min(MAX_LONG_SIDE, Math.max(src.width, src.height));
      const k = long / Math.max(src.width, src.height);
      expect([s.width, s.height], s.slug).toEqual([Math.round(src.width * k), Math.round(src.height * k)]);
    }
    // Where the shared originals are that large, 1024 px.
    expect(GALLERY.filter((s) => Math.max(s.width, s.height) === MAX_LONG_SIDE).map((s) => s.slug)).toEqual(["starry-night", "composition-vii"]);
  });

  it("each is the painting its slug names: close to its own shared source, far from the others", () => {
    const mine = GALLERY.map((s) => decodeImage(s.jpeg, s.slug));
    const sources = GALLERY.map((s) => decodeImage(readFileSync(join(IMAGES, SOURCE[s.slug])), SOURCE[s.slug]));
    // At a quarter of the size, where resampling filter and JPEG noise no longer dominate a fine texture.
    for (const [i, s] of GALLERY.entries()) {
      const [w, h] = [Math.round(s.width / 4), Math.round(s.height / 4)];
      const small = boxDown(mine[i], w, h);
      const own = meanAbsDiff(small, boxDown(sources[i], w, h));
      expect(own, s.slug).toBeLessThan(5);
      for (const [j, other] of GALLERY.entries()) {
        if (j === i) continue;
        expect(meanAbsDiff(small, boxDown(sources[j], w, h)), `${s.slug} vs ${other.slug}`).toBeGreaterThan(10 * own);
      }
    }
  });

  it("galleryStyle finds a slug and nothing else", () => {
    expect(galleryStyle("great-wave")?.title).toBe("The Great Wave off Kanagawa");
    expect(galleryStyle("Great-Wave")).toBeUndefined();
    expect(galleryStyle("gallery:great-wave")).toBeUndefined();
    expect(galleryStyle("")).toBeUndefined();
  });
});

describe("assets/gallery README and gallery.json", () => {
  it("list the same files, and every JPEG in the folder is listed", () => {
    const jpegs = readdirSync(DIR)
      .filter((f) => /\.jpe?g$/i.test(f))
      .sort();
    expect(list.map((e) => e.file).sort()).toEqual(jpegs);
    const rows = [...readme.matchAll(/^\| (\S+\.jpg) +\| (\S+) +\| (\d+)x(\d+) +\| (\d+) +\|$/gm)];
    expect(rows.map((r) => r[1]).sort()).toEqual(jpegs);
  });

  it("agree on slug, pixel size and bytes (measured from the file) for every entry", () => {
    let total = 0;
    for (const e of list) {
      const row = new RegExp(`^\\| ${e.file.replace(".", "\\.")} +\\| (\\S+) +\\| (\\d+)x(\\d+) +\\| (\\d+) +\\|$`, "m").exec(readme);
      expect(row, e.file).not.toBeNull();
      const bytes = statSync(join(DIR, e.file)).size;
      total += bytes;
      expect([row![1], Number(row![2]), Number(row![3]), Number(row![4])], e.file).toEqual([e.slug, e.width, e.height, bytes]);
    }
    expect(readme).toContain(`Total: ${total} bytes`);
  });

  it("name each entry's title, artist and year in its source paragraph, with a resize origin and a licence", () => {
    const paragraphs = readme.split(/^- \*\*/m).slice(1);
    expect(paragraphs).toHaveLength(list.length);
    for (const e of list) {
      const p = paragraphs.find((x) => x.startsWith(`${e.file}**`));
      expect(p, e.file).toBeDefined();
      expect(p, e.file).toContain(e.title);
      expect(p, e.file).toMatch(new RegExp(`Artist: ${e.artist} \\(\\d{4}–\\d{4}\\)`));
      expect(p, e.file).toContain(`, ${e.year}, `);
      expect(p, e.file).toContain(`Resized from: \`../shared/images/${SOURCE[e.slug]}\``);
      expect(p, e.file).toMatch(/Licence: public domain/);
    }
  });
});
