/** The checks of a run's input before any tensor is made: every image, every style weight. */
import { BOUNDS, MAX_STYLE_LAYERS } from "./defaults";
import { describeValue } from "./describe-value";
import { RestyleError } from "./errors";
import { checkImage } from "./image-checks";
import type { StylizeInput } from "./types";

export function checkInput(input: StylizeInput): void {
  if (!input || typeof input !== "object") throw new RestyleError("bad-image", "Give a content image and at least one style image.");
  checkImage(input.content, "content");
  if (!Array.isArray(input.styles) || !input.styles.length) throw new RestyleError("bad-image", "Choose at least one style image.");
  // The same limit as the panel's controls: every source is held to it.
  if (input.styles.length > MAX_STYLE_LAYERS)
    throw new RestyleError("bad-options", `A run takes at most ${MAX_STYLE_LAYERS} styles (got ${input.styles.length}).`);
  const [lo, hi] = BOUNDS.styleWeight;
  input.styles.forEach((s, i) => {
    checkImage(s?.image, input.styles.length > 1 ? `style ${i + 1}` : "style");
    const w: unknown = s.weight ?? 1;
    // Bounded, so the weights' sum stays finite (two weights of 1e308 would add up to Infinity and blend to nothing).
    if (typeof w !== "number" || !Number.isFinite(w) || w < lo || w > hi) {
      throw new RestyleError("bad-options", `Style weights must be numbers from ${lo} to ${hi} (got ${describeValue(w)}).`);
    }
  });
  if (input.styles.every((s) => (s.weight ?? 1) === 0)) throw new RestyleError("bad-options", "At least one style needs a weight above 0.");
  if (input.init) checkImage(input.init, "starting");
}
