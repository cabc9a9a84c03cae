// esbuild plugin: `import bundle from "restyle:lite-weights"` yields the lite preset's manifest and shards
// (base64) from weights/lite/, so the panel runs with no network at all. Absent weights → null, and the
// panel asks for them.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export function liteWeightsPlugin(root) {
  return {
    name: "lite-weights",
    setup(b) {
      b.onResolve({ filter: /^restyle:lite-weights$/ }, () => ({ path: "lite-weights", namespace: "restyle" }));
      b.onLoad({ filter: /.*/, namespace: "restyle" }, () => {
        const dir = join(root, "weights/lite");
        const mf = join(dir, "manifest.json");
        if (!existsSync(mf)) return { contents: "export default null;", loader: "js" };
        const manifest = JSON.parse(readFileSync(mf, "utf8"));
        const shards = {};
        for (const g of manifest.weightsManifest) for (const p of g.paths) shards[p] = readFileSync(join(dir, p)).toString("base64");
        return { contents: `export default ${JSON.stringify({ manifest, shards })};`, loader: "js", watchFiles: [mf] };
      });
    },
  };
}
