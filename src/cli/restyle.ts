// `restyle <content> <style>… -o out.png`: the CLI entry (bundled to dist/cli/restyle.js, the package's bin).
import { onInterrupt } from "../node/interrupt";
import { runCli } from "./run-cli";

// First Ctrl-C (or SIGTERM, SIGHUP) cancels the run cleanly (exit 128 + n); a second one exits at once.
const interrupt = onInterrupt();

const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: interrupt.signal, cancelExitCode: interrupt.exitCode });
process.exitCode = code;
// tfjs's wasm backend may keep handles alive; the work is done.
process.stdout.write("", () => process.exit(code));
