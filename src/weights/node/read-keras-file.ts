/** Node: opens a Keras .h5 weights file with h5wasm (NODERAWFS: host paths work directly). */
import h5wasm from "h5wasm/node";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { RestyleError } from "../../engine/errors";
import type { LayerSource } from "../core/layer-source";
import { readKerasLayers, startsWithHdf5Signature } from "../core/read-keras-h5";
import { messageOf } from "../../kit/message-of";
import { printable } from "../../kit/printable";


export async function readKerasFile(path: string): Promise<LayerSource> {
  const abs = resolve(path);
  const st = statSync(abs, { throwIfNoEntry: false });
  if (!st) throw new RestyleError("weights-missing", `There is no file ${printable(path)}.`, abs);
  // A FIFO would block the signature check's open; a device would read without end.
  if (!st.isFile()) throw new RestyleError("weights-corrupt", `${printable(path)} is not a regular file (a pipe, a device or a socket).`, abs);
  // Checked up front: h5wasm on a non-HDF5 file fails with an unhelpful message and a page of diagnostics.
  if (!looksLikeHdf5(abs)) throw notHdf5(path, "no HDF5 signature");
  // HDF5 errors as thrown JS errors, not pages of HDF5-DIAG printed to the console.
  (await h5wasm.ready).activate_throwing_error_handler();
  let f: InstanceType<typeof h5wasm.File> | null = null;
  try {
    f = new h5wasm.File(abs, "r");
    return readKerasLayers(f, path);
  } catch (e) {
    if (e instanceof RestyleError) throw e;
    throw notHdf5(path, firstLine(messageOf(e)));
  } finally {
    f?.close();
  }
}

function looksLikeHdf5(file: string): boolean {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(8);
    for (const off of [0, 512, 1024, 2048, 4096]) {
      if (readSync(fd, buf, 0, 8, off) === 8 && startsWithHdf5Signature(buf)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

function notHdf5(path: string, detail: string): RestyleError {
  return new RestyleError("weights-corrupt", `${printable(path)} is not a readable HDF5 weights file; download it again.`, detail);
}

/** The first line of an HDF5 error stack (its "unable to open file" summary is enough for a log). */
function firstLine(s: string): string {
  const lines = s.split("\n").map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /unable to|not a|error/i.test(l) && !l.startsWith("HDF5-DIAG")) ?? lines[0] ?? s;
}
