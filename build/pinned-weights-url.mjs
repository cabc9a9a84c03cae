// The pinned public folder of the Full weights, read from the one place it is written
// (src/weights/core/pinned-source.ts, PINNED_BASE_URL) by bundling that module with esbuild,
// so that the build holds no second copy of the string.
import * as esbuild from "esbuild";
import { join } from "node:path";

export async function pinnedWeightsUrl(root) {
  const out = await esbuild.build({
    entryPoints: [join(root, "src/weights/core/pinned-source.ts")],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    logLevel: "silent",
  });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString("base64")}`);
  if (typeof mod.PINNED_BASE_URL !== "string") throw new Error("src/weights/core/pinned-source.ts no longer exports PINNED_BASE_URL");
  return mod.PINNED_BASE_URL;
}
