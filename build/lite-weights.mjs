// esbuild plugin: `import bundle from "restyle:lite-weights"` yields the lite preset's manifest and shards
// (base64) from weights/lite/, so the panel runs with no network at all. Absent weights → null, and the
// panel asks for them. Shards are checked against the manifest's sha256 here too: a damaged weights/lite
// fails the build instead of shipping a panel that refuses its own weights.
import { createHash } from "node:crypto";
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
        const watchFiles = [mf];
        for (const g of manifest.weightsManifest) {
          g.paths.forEach((p, i) => {
            const file = join(dir, p);
            const bytes = readFileSync(file);
            const sha = createHash("sha256").update(bytes).digest("hex");
            if (sha !== g.sha256?.[i]) {
              throw new Error(`weights/lite/${p} does not match its manifest (sha256 ${sha}); run \`npm run weights\` again`);
            }
            shards[p] = bytes.toString("base64");
            watchFiles.push(file);
          });
        }
        return { contents: `export default ${JSON.stringify({ manifest, shards })};`, loader: "js", watchFiles };
      });
    },
  };
}
