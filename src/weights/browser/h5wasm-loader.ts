/**
 * h5wasm for the panel, loaded only when a Keras .h5 is picked (global `h5wasm`): in the Figma panel
 * — one file, no origin to load from, a CSP that allows only the weights host — from the gzip +
 * base64 block the build inlines; elsewhere from the script the build puts beside the page
 * (`h5wasm.js`). Either way it runs as a script element (no eval). Null where neither is there, and
 * the panel then says how to convert the file instead.
 */
import type * as H5 from "h5wasm";
import { decodeBase64 } from "../core/base64";

export type H5wasm = typeof H5;

export const H5WASM_FILE = "h5wasm.js";
/** Must match build/html.mjs. */
export const H5WASM_SCRIPT_ID = "restyle-h5wasm";

let loading: Promise<H5wasm | null> | null = null;

export function loadH5wasm(): Promise<H5wasm | null> {
  loading ??= load().then((m) => {
    if (!m) loading = null; // a later pick may try again
    return m;
  });
  return loading;
}

function load(): Promise<H5wasm | null> {
  const g = globalThis as unknown as { h5wasm?: H5wasm };
  if (g.h5wasm) return Promise.resolve(g.h5wasm);
  if (typeof document === "undefined") return Promise.resolve(null);
  const inlined = document.getElementById(H5WASM_SCRIPT_ID)?.textContent;
  if (inlined) return fromInlined(inlined, g);
  let src: string;
  try {
    src = new URL(H5WASM_FILE, document.baseURI).href;
  } catch {
    return Promise.resolve(null); // a data: page has no folder to load from
  }
  return new Promise((resolve) => {
    const s = document.createElement("script");
    s.src = src;
    s.onload = () => resolve(g.h5wasm ?? null);
    s.onerror = () => {
      s.remove();
      resolve(null);
    };
    document.head.appendChild(s);
  });
}

/** Decompresses the inlined block and runs it; null when the browser cannot (no DecompressionStream) or the block is damaged. */
async function fromInlined(base64: string, g: { h5wasm?: H5wasm }): Promise<H5wasm | null> {
  if (typeof DecompressionStream !== "function") return null;
  try {
    const gz = decodeBase64(base64.trim());
    const code = await new Response(new Blob([gz as BlobPart]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
    const s = document.createElement("script");
    s.text = code;
    document.head.appendChild(s); // an inline script runs as it is inserted
    s.remove();
    return g.h5wasm ?? null;
  } catch {
    return null;
  }
}
