/**
 * `node dist/bench/tiles-seam.js [--size 384] [--iterations 20] [--out docs/perf/tiles-seam.png]`:
 * the picture behind "no visible seam". One run forced into tiles by a small memory budget, beside
 * the same run untiled: [tiled | tiled with its tile interiors' borders drawn | untiled].
 * Prints the budget, the tiles and the largest pixel difference between the two runs.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { findPackageRoot } from "../src/cli/package-root";
import { tapsOf } from "../src/engine/layers";
import { resolveOptions } from "../src/engine/options";
import { runLayers } from "../src/engine/run-sizes";
import { runSizes, stylize } from "../src/engine/stylize";
import { tileGrid } from "../src/engine/tiles";
import type { RgbaImage, StylizeOptions } from "../src/engine/types";
import { useNodeBackend } from "../src/node/backend";
import { encodePng, readImageFile } from "../src/node/image-io";
import { loadWeightsFromDir } from "../src/weights/node/load-weights-dir";

const { values: v } = parseArgs({ options: { size: { type: "string" }, iterations: { type: "string" }, out: { type: "string" } } });
const root = findPackageRoot();
const size = Number(v.size ?? 384);
await useNodeBackend("wasm");
const weights = await loadWeightsFromDir(join(root, "weights", "lite"));
const content = await readImageFile(join(root, "..", "shared", "images", "content_tubingen.jpg"));
const style = await readImageFile(join(root, "..", "shared", "images", "style_starry_night.jpg"));
const base: Partial<StylizeOptions> = { size, workingSize: size, iterations: Number(v.iterations ?? 20), stopTolerance: 0, previewEvery: 0 };
// The smallest budget (in MiB) that still runs the scale untiled, halved: tiles without an extreme grid.
let budget = 1;
while (runSizes(content, resolveOptions({ ...base, memoryBudgetMB: budget }), false, [style]).tiles[0] > 1) budget++;
const tight = { ...base, memoryBudgetMB: Math.ceil(budget * 0.9) };
const plan = runSizes(content, resolveOptions(tight), false, [style]).plan[0];
const tiled = await stylize(weights, { content, styles: [{ image: style }] }, tight);
const whole = await stylize(weights, { content, styles: [{ image: style }] }, { ...base, memoryBudgetMB: 4096 });
const { styleLayers, contentLayer } = runLayers(resolveOptions(tight));
const tiles = tileGrid(plan.width, plan.height, plan.cols, plan.rows, tapsOf(styleLayers, contentLayer));

const { width: w, height: h } = tiled.image;
const marked = Uint8ClampedArray.from(tiled.image.data);
for (const t of tiles) {
  for (let x = t.x0; x < t.x1; x++) for (const y of [t.y0, t.y1 - 1]) marked.set([255, 0, 0, 255], (y * w + x) * 4);
  for (let y = t.y0; y < t.y1; y++) for (const x of [t.x0, t.x1 - 1]) marked.set([255, 0, 0, 255], (y * w + x) * 4);
}
const gap = 8;
const sheet: RgbaImage = { width: 3 * w + 2 * gap, height: h, data: new Uint8ClampedArray((3 * w + 2 * gap) * h * 4).fill(255) };
[tiled.image.data, marked, whole.image.data].forEach((src, i) => {
  for (let y = 0; y < h; y++) (sheet.data as Uint8ClampedArray).set(src.subarray(y * w * 4, (y + 1) * w * 4), (y * sheet.width + i * (w + gap)) * 4);
});
const out = v.out ?? join(root, "docs", "perf", "tiles-seam.png");
writeFileSync(out, encodePng(sheet));
let most = 0;
for (let i = 0; i < tiled.image.data.length; i++) most = Math.max(most, Math.abs(tiled.image.data[i] - whole.image.data[i]));
console.log(
  JSON.stringify({
    out,
    size: [w, h],
    memoryBudgetMB: tight.memoryBudgetMB,
    tiles: plan.tiles,
    grid: [plan.cols, plan.rows],
    lossTiled: tiled.stats.lossEnd.total,
    lossUntiled: whole.stats.lossEnd.total,
    largestPixelDifference: most,
  }),
);
weights.dispose();
