/**
 * What each control of the panel does and what it costs, in a designer's words: one place for every
 * tooltip. Each control gets its sentence twice over: as its `title` (the tooltip) and through
 * `aria-describedby` (what a screen reader says after the control's name), from HelpTexts.
 */
import { DEFAULT_OPTIONS, MAX_STYLE_LAYERS } from "../../engine/defaults";
import { PRESET_COST } from "../run/estimate";

const fullTimes = `${PRESET_COST.full} times`;

export const CONTROL_HELP = {
  strength:
    "How much of the style goes into your layer: low keeps your shapes, high lets the painting take over. Costs no time: let go after a run and the result is repainted from where it is, in about a third of the time.",
  detail: "How much detail, and how long it takes. The time for the chosen layers is shown beside Run.",
  detailDraft: `A quick look: fewer steps, painted at up to ${DEFAULT_OPTIONS.workingSize} px. The broad strokes, not yet the fine texture. The fastest.`,
  detailBalanced: "The full brush texture at the output size, on the fast network: the usual choice, in the time shown beside Run.",
  detailFinest: `The detailed network sees larger patterns for a richer style, with more steps to settle. Takes about ${fullTimes} as long or more, and downloads 52 MB the first time.`,
  size: "How large the result is painted. Auto matches your layer (sharper on a Retina screen). Larger takes much longer: twice the width is about four times the time, or more.",
  brushSize:
    "How large the style’s brush strokes and patterns come out on your layer: 100 % as painted, less for finer strokes, more for bolder ones. Larger takes a little longer.",
  colours: "Keeps your layer’s own colours and takes only the style’s texture. Costs no time.",
  reviewFirst: "Shows each result with Place and Discard before anything goes into your document. Costs no time.",
  placeMode: "Where the result goes: a new layer above yours, or a fill on your layer itself. Costs no time.",
  tile: `Click to use this painting as a style, click again to drop it. Up to ${MAX_STYLE_LAYERS} styles blend; each one adds a little time.`,
  role: "Content is the layer that gets restyled (one result each); Style is a look to copy. Each extra content is one more run, and as much time again.",
  swap: "Exchanges the roles: the style layer becomes the content, the content the style. Costs no time.",
  removeStyle: "Stops using this built-in painting as a style; one style fewer is a little quicker.",
  weight: "How much this style counts in the blend, against the others. Costs no time.",
  run: "Paints the content in the chosen styles (Enter). How long it takes is shown beside it.",
  cancel: "Stops the run at once (Escape). Nothing is added to your document, and the time spent so far is lost.",
  place: "Puts the results into your document as one step you can undo (Enter). Quick: they are already made.",
  discard: "Drops these results (Escape): nothing reaches your document, and the time spent on them is lost.",
  pickResult: "Shows this result. Costs no time.",
  compare: "Shows your original layer in place of the result, to compare (or press and hold the picture). Costs no time.",
  advanced: "Steps, the network and diagnostics: what the Detail choice sets, one by one. Both set how long a run takes.",
  steps:
    "How many times the picture may be refined: more steps settle finer texture and take longer, about in proportion. A run stops sooner by itself once the picture stops changing.",
  network: `Fast (Lite) is built in and quick. Detailed (Full) sees larger patterns for a richer style: about ${fullTimes} as long, and it downloads 52 MB the first time.`,
  loadNetwork:
    "Loads the network from files on this computer, for when it cannot be downloaded: a manifest.json with its .bin files, or the Keras VGG19 .h5 file. Quicker than a download.",
  forgetNetwork: "Deletes the downloaded detailed network from this browser; it downloads again when next needed.",
} as const;

export type HelpKey = keyof typeof CONTROL_HELP;

export const helpId = (key: HelpKey): string => `help-${key}`;

/** A control's tooltip and accessible description; `what` names the one thing it acts on (a painting, a layer). */
export function help(key: HelpKey, what?: string): { title: string; "aria-describedby": string } {
  return { title: what ? `${what}. ${CONTROL_HELP[key]}` : CONTROL_HELP[key], "aria-describedby": helpId(key) };
}
