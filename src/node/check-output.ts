/**
 * Finds output problems before a long run instead of after it: the target must not be a folder,
 * its folder must exist, be a folder and accept a new file (a probe file is created and removed
 * beside the target, which is what the atomic write will do). Throws the fs error it met.
 */
import { randomBytes } from "node:crypto";
import { open, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

export async function checkOutputWritable(target: string): Promise<void> {
  const abs = resolve(target);
  const existing = await stat(abs).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return null;
    throw e;
  });
  if (existing?.isDirectory()) throw Object.assign(new Error(`${target} is a folder`), { code: "EISDIR" });
  const dir = dirname(abs);
  const d = await stat(dir);
  if (!d.isDirectory()) throw Object.assign(new Error(`${dir} is not a folder`), { code: "ENOTDIR" });
  const probe = join(dir, `.${basename(abs)}.${process.pid}.${randomBytes(4).toString("hex")}.probe`);
  const fh = await open(probe, "wx");
  await fh.close();
  await rm(probe, { force: true });
}
