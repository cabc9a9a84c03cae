/** Runs a command and returns the JSON lines it printed, or why there are none (its stderr's last lines). */
import { spawn } from "node:child_process";

export interface ChildOutcome<T> {
  ok: boolean;
  value?: T;
  /** Exit status or the reason it has no value (timeout, no JSON). */
  error?: string;
  stdout: string;
}

export function runJsonChild<T>(cmd: string, args: string[], opts: { timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<ChildOutcome<T[]>> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, opts.timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ ok: false, error: String(e), stdout });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const values: T[] = [];
      for (const line of stdout.split("\n")) {
        const t = line.trim();
        if (!t.startsWith("{")) continue;
        try {
          values.push(JSON.parse(t) as T);
        } catch {
          // A non-JSON line that happens to start with "{": not ours.
        }
      }
      if (timedOut) return resolve({ ok: false, error: `timed out after ${Math.round(opts.timeoutMs / 1000)} s`, value: values, stdout });
      if (code !== 0) return resolve({ ok: false, error: `exit ${code ?? signal}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`, value: values, stdout });
      resolve({ ok: values.length > 0, value: values, error: values.length ? undefined : "no JSON output", stdout });
    });
  });
}
