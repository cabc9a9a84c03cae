// `restyle <content> <style>… -o out.png`: the CLI entry (bundled to dist/cli/restyle.js, the package's bin).
// `restyle weights [options]`: the weights tool, writing into the user's cache (where `restyle` looks).
import { weightsCacheDir } from "../weights/node/cache-dir";
import { runCli } from "./run-cli";
import { weightsMain } from "./weights-main";

const argv = process.argv.slice(2);
const controller = new AbortController();
// First Ctrl-C cancels the run cleanly (exit 130); a second one kills at once.
process.once("SIGINT", () => {
  controller.abort();
  process.once("SIGINT", () => process.exit(130));
});

const code =
  argv[0] === "weights" ? await weightsMain(argv.slice(1), weightsCacheDir(), "restyle weights", "github") : await runCli(argv, { stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
process.exitCode = code;
// tfjs's wasm backend may keep handles alive; the work is done.
process.stdout.write("", () => process.exit(code));
