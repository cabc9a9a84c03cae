// Before the suite: every artefact, so browser tests run what users get. build.mjs obtains the lite
// weights when weights/lite/ is absent (RESTYLE_WEIGHTS_FROM, ../shared/vgg19, else the pinned
// download) and fails with the fix when it cannot: the tests need the real network, and ui.html inlines it.
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
try {
  execFileSync(process.execPath, [join(root, "build.mjs")], { cwd: root, stdio: "inherit" });
} catch {
  process.exit(1); // build.mjs has printed why and what fixes it
}
