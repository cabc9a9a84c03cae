/** The page selection as the panel sees it: a lone earlier result stands for the layers it was made from. */
import type { LayerChoice } from "../shared/layers";
import { recallChoice } from "./recall";
import { describeSelection } from "./selection";
import { refusedRecordReason } from "./plugin-data";

export async function resolveSelection(selection: readonly SceneNode[]): Promise<LayerChoice> {
  if (selection.length === 1) {
    const recalled = await recallChoice(selection[0]);
    if (recalled) return recalled;
    const refused = refusedRecordReason(selection[0]);
    const plain = describeSelection(selection);
    if (refused) return { ...plain, note: `“${selection[0].name}” ${refused}.` };
  }
  return describeSelection(selection);
}
