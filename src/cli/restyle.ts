// `restyle <content> <style>… -o out.png`: the CLI entry (bundled to dist/cli/restyle.js, the package's bin).
import { runCli } from "./run-cli";

const controller = new AbortController();
// First Ctrl-C cancels the run cleanly (exit 130); a second one kills at once.
process.once("SIGINT", () => {
  controller.abort();
  process.once("SIGINT", () => process.exit(130));
});

const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
process.exitCode = code;
// tfjs's wasm backend may keep handles alive; the work is done.
process.stdout.write("", () => process.exit(code));
