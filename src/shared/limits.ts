/**
 * How many styles and contents Restyle takes: the one place every source is checked against (the
 * panel's controls, the sandbox's messages, recalled records, the library's input).
 */

import { MAX_CONTENT_LAYERS, MAX_STYLE_LAYERS } from "../engine/defaults";

export { MAX_CONTENT_LAYERS, MAX_STYLE_LAYERS };

/**
 * The one check of how many styles a recalled record lists, whatever it came from (Figma
 * pluginData, a PNG's record, a Photopea result's name): null within MAX_STYLE_LAYERS, else why
 * the record is not used, as a clause that reads after the layer's name.
 */
export function recordedStylesProblem(count: number): string | null {
  return count > MAX_STYLE_LAYERS
    ? `is a result whose record lists ${count} styles, more than the ${MAX_STYLE_LAYERS} Restyle uses, so it is treated as a plain layer`
    : null;
}
