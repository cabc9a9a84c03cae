/**
 * Stands in for the build-time module "restyle:lite-weights" under vitest (aliased in
 * vitest.config.ts): no built-in weights unless a test installs some, like a build made
 * before `npm run weights`.
 */
import type bundleType from "restyle:lite-weights";

type LiteBundle = typeof bundleType;

let bundle: LiteBundle = null;

/** A live binding: modules that imported the default see later changes. */
export { bundle as default };

export function setLiteWeights(b: LiteBundle): void {
  bundle = b;
}
