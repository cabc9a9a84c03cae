/** The checks of a run's input before any tensor is made: every image, every style weight. */
import { RestyleError } from "./errors";
import { checkImage } from "./image-checks";
import type { StylizeInput } from "./types";

export function checkInput(input: StylizeInput): void {
  if (!input || typeof input !== "object") throw new RestyleError("bad-image", "Give a content image and at least one style image.");
  checkImage(input.content, "content");
  if (!Array.isArray(input.styles) || !input.styles.length) throw new RestyleError("bad-image", "Choose at least one style image.");
  input.styles.forEach((s, i) => {
    checkImage(s?.image, input.styles.length > 1 ? `style ${i + 1}` : "style");
    const w = s.weight ?? 1;
    if (!Number.isFinite(w) || w < 0) throw new RestyleError("bad-options", `Style weights must be 0 or more (got ${w}).`);
  });
  if (input.styles.every((s) => (s.weight ?? 1) === 0)) throw new RestyleError("bad-options", "At least one style needs a weight above 0.");
  if (input.init) checkImage(input.init, "starting");
}
