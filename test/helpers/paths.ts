import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** ../shared beside the repo (read-only in CI). */
export const SHARED = resolve(REPO, "../shared");
export const IMAGES = resolve(SHARED, "images");
export const VGG_RAW = resolve(SHARED, "vgg19");
/** Test artefacts (screenshots, PNGs) — git-ignored. */
export const ARTIFACTS = resolve(REPO, "test-artifacts");
