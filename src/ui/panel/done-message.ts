/** What the panel says once results are in the document: how many, how long, and how to undo them in this host. */
import type { PlaceMode } from "../../shared/layers";
import type { Host } from "../hosts/host";

export function doneMessage(host: Pick<Host, "placeResults" | "updateUndoSteps">, n: number, updating: boolean, secs: string, mode: PlaceMode): string {
  if (n > 1) {
    const undo = host.placeResults ? "one undo removes them all" : "each is its own undo step here";
    return `Added ${n} results in ${secs} s; ${undo}.`;
  }
  const steps = host.updateUndoSteps ?? 1;
  const undos = steps === 1 ? "one undo reverts it" : `${steps} undos revert it`;
  const as = mode === "fill" ? " as a fill" : "";
  const what = updating ? `Updated the result in ${secs} s; ${undos}.` : `Added the result${as} in ${secs} s; one undo removes it.`;
  return `${what} Move the strength slider to adjust it.`;
}
