// Figma sandbox entry (dist/plugin.js). No DOM here: only the `figma` global.
import { startPlugin } from "./controller";

startPlugin(__html__);
