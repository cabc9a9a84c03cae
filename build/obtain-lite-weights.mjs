// The panel ships with the Lite weights inlined, so a build must not quietly go without them. When
// weights/lite/ is absent it converts a local copy (RESTYLE_WEIGHTS_FROM, then ../shared/vgg19 beside
// the checkout), else downloads the pinned layers model (or RESTYLE_WEIGHTS_URL's self-hosted copy),
// else fails naming the one command that fixes it. `--no-weights` builds a weightless panel on purpose.
import * as esbuild from "esbuild";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { CLI_BUILD_OPTIONS } from "./cli-options.mjs";

/** Returns true when weights/lite/ is there afterwards; throws (with the fix) when it cannot be. */
export async function obtainLiteWeights(root, { noWeights, weightsUrl, log = console.log }) {
  const out = join(root, "weights");
  if (existsSync(join(out, "lite/manifest.json"))) return true;
  if (noWeights) {
    log("Building without the built-in Lite weights (--no-weights): the panel will ask for weights.");
    return false;
  }
  const tool = join(root, "dist/cli/weights.js");
  await esbuild.build({ entryPoints: [join(root, "src/cli/weights.ts")], outfile: tool, ...CLI_BUILD_OPTIONS, logLevel: "warning" });
  const run = (args) => {
    try {
      execFileSync(process.execPath, [tool, ...args, "--out", out], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    } catch {
      // The tool has said why on stderr; the next source is tried.
    }
    return existsSync(join(out, "lite/manifest.json"));
  };
  const tried = [];
  const local = [process.env.RESTYLE_WEIGHTS_FROM, resolve(root, "../shared/vgg19")].filter(Boolean);
  for (const from of local) {
    if (!existsSync(from)) {
      tried.push(`${from}: not there`);
      continue;
    }
    log(`weights/lite/ is absent: converting the local copy at ${from}…`);
    if (run(["--from", from])) return true;
    tried.push(`${from}: could not be converted`);
  }
  log(`weights/lite/ is absent and no local copy was found: downloading the VGG19 weights (52 MB) from ${weightsUrl}…`);
  if (run(["--source", "github", "--url", weightsUrl])) return true;
  tried.push(`${weightsUrl}: could not be downloaded`);
  throw new Error(
    `The panel needs the Lite VGG19 weights (weights/lite/) and none could be obtained (${tried.join("; ")}).\n` +
      `Fix: RESTYLE_WEIGHTS_FROM=PATH npm run build   (PATH: the Keras VGG19 .h5 file, or a folder of block*_conv*.bin files like ../shared/vgg19)\n` +
      `or build a panel without built-in weights on purpose: npm run build -- --no-weights`,
  );
}
