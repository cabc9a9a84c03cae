/**
 * h5wasm for the panel, loaded only when a Keras .h5 is picked: the script the build puts beside
 * the Photopea and standalone pages (`h5wasm.js`, global `h5wasm`). The Figma panel is one file with
 * nothing beside it (and a CSP that allows only the weights host), so there it is unavailable (null)
 * and the panel says how to convert the file instead.
 */
import type * as H5 from "h5wasm";

export type H5wasm = typeof H5;

export const H5WASM_FILE = "h5wasm.js";

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
