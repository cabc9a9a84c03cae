// Before the suite: the lite weights (built from ../shared/vgg19 when absent — the tests need the
// real network, and ui.html inlines it), then every artefact, so browser tests run what users get.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const run = (...args) => execFileSync(process.execPath, args, { cwd: root, stdio: "inherit" });
const shared = resolve(root, "../shared/vgg19");

if (!existsSync(join(root, "weights/lite/manifest.json"))) {
  if (!existsSync(shared)) {
    console.error(`The tests need the lite VGG19 weights: run \`npm run weights -- --from DIR\` with a copy of the raw layout (expected at ${shared}).`);
    process.exit(1);
  }
  run(join(root, "build.mjs"), "--only", "cli");
  run(join(root, "dist/cli/weights.js"), "--from", shared);
}
run(join(root, "build.mjs"));
