// `restyle <content> <style>… -o out.png`: the CLI entry (bundled to dist/cli/restyle.js, the package's bin).
// `restyle weights [options]`: the weights tool, writing into the user's cache (where `restyle` looks).
import { weightsCacheDir } from "../weights/node/cache-dir";
import { onInterrupt } from "../node/interrupt";
import { runCli } from "./run-cli";
import { weightsMain } from "./weights-main";

const argv = process.argv.slice(2);
// First Ctrl-C (or SIGTERM, SIGHUP) cancels the run cleanly (exit 128 + n); a second one exits at once.
const interrupt = onInterrupt();

const code =
  argv[0] === "weights"
    ? await weightsMain(argv.slice(1), weightsCacheDir(), "restyle weights", "github", interrupt)
    : await runCli(argv, { stdout: process.stdout, stderr: process.stderr, signal: interrupt.signal, cancelExitCode: interrupt.exitCode });
process.exitCode = code;
// tfjs's wasm backend may keep handles alive; the work is done.
process.stdout.write("", () => process.exit(code));
