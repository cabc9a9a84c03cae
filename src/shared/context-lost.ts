/** The error for a lost WebGL context or WebGPU device, apart from backend.ts so the page can name it without loading tfjs. */
import { CONTEXT_LOST_MESSAGE, RestyleError } from "../engine/errors";

export const CONTEXT_LOST = new RestyleError("context-lost", CONTEXT_LOST_MESSAGE);
