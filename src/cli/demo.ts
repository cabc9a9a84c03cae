// `npm run demo [-- content.jpg style.jpg] [-o out.png]`: one short run on a fresh clone. With no images
// given it draws its own (sample-images.ts); it fetches the lite weights if they are absent and writes out.png.
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { DEFAULT_OPTIONS } from "../engine/defaults";
import { isRestyleError } from "../engine/errors";
import type { RgbaImage, StylizeOptions } from "../engine/types";
import { stylize } from "../engine/stylize";
import { useNodeBackend } from "../node/backend";
import { readImageFile, writeImageFile } from "../node/image-io";
import { exitCodeFor, EXIT } from "./exit-codes";
import { createProgressSink } from "./progress-bar";
import { sampleContent, sampleStyle } from "./sample-images";
import { loadCliWeights } from "./weights-for-cli";

/** Short on purpose: about a minute on a 2-core CPU with the wasm backend. */
export const DEMO_OPTIONS: Partial<StylizeOptions> = {
  preset: "lite",
  size: 256,
  workingSize: 256,
  iterations: 10,
  scales: [0.5, 1],
  strength: 0.6,
};

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { output: { type: "string", short: "o" }, iterations: { type: "string" }, size: { type: "string" } },
    allowPositionals: true,
  });
  if (positionals.length !== 0 && positionals.length !== 2) {
    process.stderr.write("demo: give no images (it draws its own) or two: a content image and a style image.\n");
    return EXIT.usage;
  }
  const out = resolve(values.output ?? "out.png");
  let content: RgbaImage;
  let style: RgbaImage;
  if (positionals.length === 2) {
    content = await readImageFile(positionals[0]);
    style = await readImageFile(positionals[1]);
    console.error(`demo: content ${positionals[0]}, style ${positionals[1]}`);
  } else {
    content = sampleContent();
    style = sampleStyle();
    console.error("demo: using the built-in sample pictures (a drawn landscape and a brush-stroke pattern)");
  }
  const options: StylizeOptions = { ...DEFAULT_OPTIONS, ...DEMO_OPTIONS };
  if (values.iterations) options.iterations = Number(values.iterations);
  if (values.size) options.size = options.workingSize = Number(values.size);

  const backend = await useNodeBackend("wasm");
  const weights = await loadCliWeights(options.preset, undefined, (s) => console.error(s), { build: true });
  console.error(`demo: ${options.preset} preset on ${backend}, ${options.size} px, ${options.iterations} iterations × ${options.scales.length} scales`);
  const sink = createProgressSink(process.stderr, { plainEveryMs: 10_000 });
  try {
    const { image, stats } = await stylize(weights, { content, styles: [{ image: style }] }, options, { onProgress: (p) => sink.update(p) });
    sink.done();
    await writeImageFile(out, image);
    console.error(`demo: ${stats.iterations} iterations in ${(stats.elapsedMs / 1000).toFixed(1)} s (${Math.round(stats.msPerIteration)} ms/iteration)`);
    console.log(`Wrote ${out} (${image.width}×${image.height})`);
  } finally {
    weights.dispose();
  }
  return EXIT.ok;
}

let code: number;
try {
  code = await main();
} catch (e) {
  if (!isRestyleError(e)) throw e;
  process.stderr.write(`\ndemo: ${e.message}\n`);
  code = exitCodeFor(e.code);
}
process.exit(code);
