/** The error for a lost WebGL context, apart from backend.ts so the page can name it without loading tfjs. */
import { RestyleError } from "../../engine/errors";

export const CONTEXT_LOST = new RestyleError(
  "context-lost",
  "The graphics card reset during the run (WebGL context lost). Press Run to try again; a smaller output size is less likely to hit this.",
);
