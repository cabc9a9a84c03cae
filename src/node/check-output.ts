/**
 * Finds output problems before a long run instead of after it: the target must not be a folder
 * nor a write-protected file, its folder must exist, be a folder and accept a new file (a probe
 * file, named as the atomic write's temporary is, is created and removed beside the target, which
 * is what the atomic write will do). Throws the fs error it met.
 */
import { open, rm, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { checkNotWriteProtected, existingTarget, tempPathFor } from "../kit/node/atomic-write";

export async function checkOutputWritable(target: string): Promise<void> {
  const abs = resolve(target);
  const existing = await existingTarget(abs);
  if (existing?.isDirectory()) throw Object.assign(new Error(`${target} is a folder`), { code: "EISDIR" });
  await checkNotWriteProtected(abs, existing);
  const dir = dirname(abs);
  const d = await stat(dir);
  if (!d.isDirectory()) throw Object.assign(new Error(`${dir} is not a folder`), { code: "ENOTDIR" });
  const probe = tempPathFor(abs);
  const fh = await open(probe, "wx");
  await fh.close();
  await rm(probe, { force: true });
}
