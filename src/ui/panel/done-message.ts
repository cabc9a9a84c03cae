/** What the panel says once results are in the document: how many, how long, and how to undo them in this host. */
import type { PlaceMode } from "../../shared/layers";
import type { Host } from "../hosts/host";

type DoneHost = Pick<Host, "kind" | "placeResults" | "updateUndoSteps">;

export function doneMessage(host: DoneHost, n: number, updating: boolean, secs: string, mode: PlaceMode): string {
  // The standalone page has no document and no undo: its results are on the page, to download.
  if (host.kind === "standalone") {
    return n > 1
      ? `Made ${n} results in ${secs} s: they are on the page; Download all saves them.`
      : `Made the result in ${secs} s: it is on the page; Download saves it. Move the strength slider to adjust it.`;
  }
  if (n > 1) {
    // Only Figma commits a batch as one undo step; Photopea's History takes one step per result.
    const undo = host.kind === "figma" && host.placeResults ? "one undo removes them all" : "each is its own undo step here";
    return `Added ${n} results in ${secs} s; ${undo}.`;
  }
  const steps = host.updateUndoSteps ?? 1;
  const undos = steps === 1 ? "one undo reverts it" : `${steps} undos revert it`;
  const as = mode === "fill" ? " as a fill" : "";
  const what = updating ? `Updated the result in ${secs} s; ${undos}.` : `Added the result${as} in ${secs} s; one undo removes it.`;
  return `${what} Move the strength slider to adjust it.`;
}
