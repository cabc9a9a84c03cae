/**
 * The sandbox side of the plugin: answers the panel's requests and keeps it told about the
 * selection. Uses the global `figma`; main.ts starts it, the tests start it against an emulation.
 */
import type { LayerChoice, PlaceRequest } from "../shared/layers";
import { parseUiMessage, type SandboxToUi, type UiToSandbox } from "../shared/protocol";
import { exportLayer, exportThumbnail, PluginError } from "./export";
import { placeBatch } from "./place-batch";
import { BatchStage } from "./batch-stage";
import { resolveSelection } from "./resolve-selection";
import { loadSettings, saveSettings } from "./settings-store";
import { messageOf } from "../kit/message-of";
import { boundText } from "../shared/bound-text";
import { isNonNegInt, isObj } from "../kit/guards";
import { MAX_NOTICE_CHARS } from "../engine/defaults";
import { Grants } from "./grants";

export const UI_SIZE = { width: 320, height: 640 } as const;
const THUMBNAIL_SIDE = 96;

function post(msg: SandboxToUi): void {
  figma.ui.postMessage(msg);
}

function plainMessage(e: unknown): string {
  if (e instanceof PluginError) return e.message;
  return `Something went wrong in Figma: ${messageOf(e)}`;
}

/** Counts selection listings: only the newest is posted (see postSelection). */
let selectionGeneration = 0;
/** The parts of the batch now arriving (one image per message); placed together by "place-staged". */
let stage = new BatchStage();
/** The ids handed to the panel since the plugin opened: the only ones it may send back. */
let grants = new Grants();

/** A fresh session: nothing handed out, nothing staged (the plugin opened). */
export function openSession(): void {
  stage = new BatchStage();
  grants = new Grants();
  selectionGeneration++;
}

const UNREADABLE = "Restyle could not read a request from its panel; nothing was changed. Close and reopen the plugin.";

/** Posts the selection with thumbnails; a newer selection makes an older, still-exporting one moot. */
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
  if (generation === selectionGeneration) {
    grants.handOut(withThumbs);
    post({ type: "selection", choice: withThumbs });
  }
  return withThumbs;
}

export async function handleMessage(raw: unknown): Promise<void> {
  const msg: UiToSandbox | null = parseUiMessage(raw);
  if (!msg) {
    // Malformed, stale or forged: one sentence, to the request when it has an id, and no change.
    if (isObj(raw) && isNonNegInt(raw.requestId)) post({ type: "failed", requestId: raw.requestId, message: UNREADABLE });
    else figma.notify(UNREADABLE, { error: true });
    return;
  }
  if (msg.type === "ready") {
    await postSelection();
    return;
  }
  if (msg.type === "notify") {
    figma.notify(boundText(msg.message, MAX_NOTICE_CHARS), { error: msg.error });
    return;
  }
  const { requestId } = msg;
  try {
    switch (msg.type) {
      case "export": {
        grants.checkExport(msg.id);
        const out = await exportLayer(msg.id, msg.maxSide);
        post({ type: "exported", requestId, ...out });
        break;
      }
      case "place":
        post({ type: "placed", requestId, nodeId: (await place([msg.request]))[0] });
        break;
      case "stage":
        grants.checkPlace(msg.request);
        stage.add(msg.batchId, msg.index, msg.count, msg.request);
        post({ type: "staged", requestId });
        break;
      case "place-staged":
        post({ type: "placed-all", requestId, nodeIds: await place(stage.take(msg.batchId, msg.count)) });
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

/** Places results whose every id the sandbox handed out, and remembers them as its own. */
async function place(reqs: readonly PlaceRequest[]): Promise<string[]> {
  reqs.forEach((r) => grants.checkPlace(r));
  const ids = await placeBatch(reqs);
  grants.placed(ids, reqs);
  return ids;
}

export function startPlugin(html: string): void {
  openSession();
  figma.showUI(html, { ...UI_SIZE, themeColors: true, title: "Restyle" });
  figma.ui.onmessage = (m: unknown) => void handleMessage(m);
  figma.on("selectionchange", () => void postSelection());
}
