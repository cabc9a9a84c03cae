/** The page selection as the panel sees it: a lone earlier result stands for the layers it was made from. */
import type { LayerChoice } from "../shared/layers";
import { recallChoice } from "./recall";
import { describeSelection } from "./selection";

export async function resolveSelection(selection: readonly SceneNode[]): Promise<LayerChoice> {
  if (selection.length === 1) {
    const recalled = await recallChoice(selection[0]);
    if (recalled) return recalled;
  }
  return describeSelection(selection);
}
