/**
 * Puts one or more results into the document as ONE undo step, all or none: every request is
 * checked (image, content, fill target, a place for the layer) and every image handed to Figma
 * before the first node changes; the changes then run in one synchronous pass, and a failure
 * midway takes back what this batch already did (layers removed, fills and records restored),
 * so the document is as before and nothing is committed. On success: the results (layers, or
 * the contents that took a fill) are selected and shown, then exactly one figma.commitUndo().
 */
import { MAX_OUTPUT_SIDE } from "../engine/defaults";
import { MAX_CONTENT_LAYERS, type PlaceRequest } from "../shared/layers";
import { messageOf } from "../kit/message-of";
import { pngSize } from "../kit/png-size";
import { PluginError } from "./export";
import { prepareLayer } from "./place";
import { prepareFill } from "./place-fill";
import { tryUndo, type PlacedStep, type PreparedStep } from "./place-step";

/** Checks the result image alone (also as each part of a staged batch arrives). */
export function checkRequest(req: PlaceRequest): void {
  const size = pngSize(req.png);
  if (!size) throw new PluginError("The result is not a PNG image; nothing was added.");
  if (size.width !== req.width || size.height !== req.height) {
    throw new PluginError(`The result's size (${size.width}×${size.height}) does not match what was expected (${req.width}×${req.height}); nothing was added.`);
  }
  if (size.width > MAX_OUTPUT_SIDE || size.height > MAX_OUTPUT_SIDE) {
    throw new PluginError(`The result is ${size.width}×${size.height} px; Figma takes images up to ${MAX_OUTPUT_SIDE} px a side. Pick a smaller output size.`);
  }
}

async function prepareAll(reqs: readonly PlaceRequest[]): Promise<PreparedStep[]> {
  if (reqs.length === 0) throw new PluginError("There was no result to add.");
  if (reqs.length > MAX_CONTENT_LAYERS) throw new PluginError(`A batch makes at most ${MAX_CONTENT_LAYERS} results; nothing was added.`);
  reqs.forEach(checkRequest);
  const fillTargets = reqs.filter((r) => r.mode === "fill").map((r) => r.contentId);
  if (new Set(fillTargets).size !== fillTargets.length) throw new PluginError("The same layer would take two fills from one batch; nothing was added.");
  const steps: PreparedStep[] = [];
  for (const req of reqs) steps.push(req.mode === "fill" ? await prepareFill(req) : await prepareLayer(req));
  return steps;
}

function createImages(reqs: readonly PlaceRequest[]): string[] {
  return reqs.map((req) => {
    try {
      return figma.createImage(req.png).hash;
    } catch (e) {
      throw new PluginError(`Figma refused the result image (${messageOf(e)}); nothing was added.`);
    }
  });
}

/** Places the results in order; resolves with their ids in the same order. */
export async function placeBatch(reqs: readonly PlaceRequest[]): Promise<string[]> {
  const steps = await prepareAll(reqs);
  const hashes = createImages(reqs); // images are not document changes: making them first changes nothing
  const done: PlacedStep[] = [];
  try {
    steps.forEach((s, i) => done.push(s.apply(hashes[i])));
  } catch (e) {
    const clean = done
      .reverse()
      .map((d) => tryUndo(d.undo))
      .every(Boolean);
    const why = e instanceof PluginError ? e.message.replace(/\.$/, "") : `Figma refused a change (${messageOf(e)})`;
    if (clean) throw new PluginError(reqs.length > 1 ? `${why}; nothing from this batch was added.` : `${why}; nothing was added.`);
    // Putting back failed too: one step, so that one Undo removes what is left.
    figma.commitUndo();
    throw new PluginError(`${why}. Part of the batch could not be taken back: press Undo once to remove it.`);
  }
  show(done.map((d) => d.node));
  figma.commitUndo();
  return done.map((d) => d.id);
}

/** Selects the results and scrolls them into view; a result on another page than the current one is left unselected. */
function show(nodes: SceneNode[]): void {
  try {
    figma.currentPage.selection = nodes;
    figma.viewport.scrollAndZoomIntoView(nodes);
  } catch {
    // Selection is a convenience; the results are in place and the undo step is still committed.
  }
}
