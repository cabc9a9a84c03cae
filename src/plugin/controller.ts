/**
 * The sandbox side of the plugin: answers the panel's requests and keeps it told about the
 * selection. Uses the global `figma`; main.ts starts it, the tests start it against an emulation.
 */
import type { LayerChoice } from "../shared/layers";
import { parseUiMessage, type SandboxToUi, type UiToSandbox } from "../shared/protocol";
import { exportLayer, exportThumbnail, PluginError } from "./export";
import { placeBatch } from "./place-batch";
import { BatchStage } from "./batch-stage";
import { resolveSelection } from "./resolve-selection";
import { loadSettings, saveSettings } from "./settings-store";
import { messageOf } from "../kit/message-of";

export const UI_SIZE = { width: 320, height: 640 } as const;
const THUMBNAIL_SIDE = 96;

function post(msg: SandboxToUi): void {
  figma.ui.postMessage(msg);
}

function plainMessage(e: unknown): string {
  if (e instanceof PluginError) return e.message;
  return `Something went wrong in Figma: ${messageOf(e)}`;
}

/** The parts of the batch now arriving (one image per message); placed together by "place-staged". */
const stage = new BatchStage();

/** Posts the selection with thumbnails; a newer selection makes an older, still-exporting one moot. */
let selectionGeneration = 0;
export async function postSelection(): Promise<LayerChoice> {
  const generation = ++selectionGeneration;
  const choice = await resolveSelection(figma.currentPage.selection);
  const withThumbs: LayerChoice = {
    ...choice,
    layers: await Promise.all(
      choice.layers.map(async (l) => {
        const node = await figma.getNodeByIdAsync(l.id);
        const thumbnail = node && node.type !== "DOCUMENT" && node.type !== "PAGE" ? await exportThumbnail(node, THUMBNAIL_SIDE) : undefined;
        return thumbnail ? { ...l, thumbnail } : l;
      }),
    ),
  };
  if (generation === selectionGeneration) post({ type: "selection", choice: withThumbs });
  return withThumbs;
}

export async function handleMessage(raw: unknown): Promise<void> {
  const msg: UiToSandbox | null = parseUiMessage(raw);
  if (!msg) return; // not ours, or malformed: ignored rather than trusted
  if (msg.type === "ready") {
    await postSelection();
    return;
  }
  if (msg.type === "notify") {
    figma.notify(msg.message, { error: msg.error });
    return;
  }
  const { requestId } = msg;
  try {
    switch (msg.type) {
      case "export": {
        const out = await exportLayer(msg.id, msg.maxSide);
        post({ type: "exported", requestId, ...out });
        break;
      }
      case "place":
        post({ type: "placed", requestId, nodeId: (await placeBatch([msg.request]))[0] });
        break;
      case "stage":
        stage.add(msg.batchId, msg.index, msg.count, msg.request);
        post({ type: "staged", requestId });
        break;
      case "place-staged":
        post({ type: "placed-all", requestId, nodeIds: await placeBatch(stage.take(msg.batchId, msg.count)) });
        break;
      case "load-settings":
        post({ type: "settings", requestId, settings: await loadSettings() });
        break;
      case "save-settings":
        await saveSettings(msg.settings);
        post({ type: "saved", requestId });
        break;
    }
  } catch (e) {
    post({ type: "failed", requestId, message: plainMessage(e) });
  }
}

export function startPlugin(html: string): void {
  figma.showUI(html, { ...UI_SIZE, themeColors: true, title: "Restyle" });
  figma.ui.onmessage = (m: unknown) => void handleMessage(m);
  figma.on("selectionchange", () => void postSelection());
}
