// `npm run demo [-- [content.jpg [style.jpg]]] [--style-preset NAME] [-o out.png]`: one short run on a fresh
// clone. With no images given it paints its own drawn landscape (sample-images.ts) in the style of a built-in
// painting (src/gallery); it fetches the lite weights if they are absent and writes out.png.
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { DEFAULT_OPTIONS } from "../engine/defaults";
import { isRestyleError } from "../engine/errors";
import type { RgbaImage, StylizeOptions } from "../engine/types";
import { stylize } from "../engine/stylize";
import { useNodeBackend } from "../node/backend";
import { decodeImage, readImageFile, writeImageFile } from "../node/image-io";
import { GALLERY, galleryStyle } from "../gallery";
import { exitCodeFor, EXIT } from "./exit-codes";
import { createProgressSink } from "./progress-bar";
import { sampleContent } from "./sample-images";
import { loadCliWeights } from "./weights-for-cli";
import { printable, printableLines } from "../kit/printable";

/** Short on purpose: about a minute on a 2-core CPU with the wasm backend. */
export const DEMO_OPTIONS: Partial<StylizeOptions> = {
  preset: "lite",
  size: 256,
  workingSize: 256,
  // One scale, as the default run: an upsampled coarse result would spend these few iterations
  // putting back the texture the upsampling blurred.
  iterations: 20,
  scales: [1],
  strength: 0.6,
};

/** The painting the demo uses when given no style image. */
export const DEMO_STYLE = "starry-night";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { output: { type: "string", short: "o" }, iterations: { type: "string" }, size: { type: "string" }, "style-preset": { type: "string" } },
    allowPositionals: true,
  });
  if (positionals.length > 2) {
    process.stderr.write("demo: give no images (it paints its own landscape), a content image, or a content and a style image.\n");
    return EXIT.usage;
  }
  const slug = values["style-preset"] ?? DEMO_STYLE;
  const painting = galleryStyle(slug);
  if (!painting) {
    process.stderr.write(`demo: --style-preset "${printable(slug)}" is not a built-in style; choose one of ${GALLERY.map((s) => s.slug).join(", ")}.\n`);
    return EXIT.usage;
  }
  const out = resolve(values.output ?? "out.png");
  const content: RgbaImage = positionals[0] ? await readImageFile(positionals[0]) : sampleContent();
  const style: RgbaImage = positionals[1] ? await readImageFile(positionals[1]) : decodeImage(painting.jpeg, `The built-in style ${slug}`);
  const contentName = positionals[0] ?? "the drawn sample landscape";
  const styleName = positionals[1] ?? `${painting.title} (${painting.artist}, ${painting.year}; built in)`;
  console.error(printableLines(`demo: painting ${contentName} in the style of ${styleName}`));
  const options: StylizeOptions = { ...DEFAULT_OPTIONS, ...DEMO_OPTIONS };
  if (values.iterations) options.iterations = Number(values.iterations);
  if (values.size) options.size = options.workingSize = Number(values.size);

  const backend = await useNodeBackend("wasm");
  const weights = await loadCliWeights(options.preset, undefined, (s) => console.error(printableLines(s)), { build: true });
  console.error(`demo: ${options.preset} preset on ${backend}, ${options.size} px, ${options.iterations} iterations × ${options.scales.length} scales`);
  const sink = createProgressSink(process.stderr, { plainEveryMs: 10_000 });
  try {
    const { image, stats } = await stylize(weights, { content, styles: [{ image: style }] }, options, { onProgress: (p) => sink.update(p) });
    sink.done();
    await writeImageFile(out, image);
    console.error(`demo: ${stats.iterations} iterations in ${(stats.elapsedMs / 1000).toFixed(1)} s (${Math.round(stats.msPerIteration)} ms/iteration)`);
    console.log(printableLines(`Wrote ${out} (${image.width}×${image.height}): ${contentName} in the style of ${styleName}`));
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
  process.stderr.write(`\ndemo: ${printableLines(e.message)}\n`);
  code = exitCodeFor(e.code);
}
process.exit(code);
