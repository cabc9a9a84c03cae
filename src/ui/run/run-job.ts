/**
 * One run from the panel's point of view: export the layers from the host, decode, get the
 * weights, stylise, encode, place. Cancelling stops before anything reaches the document.
 * Collaborators are passed in, so the sequence can be tested without a browser.
 */
import { MIN_VISIBLE_FRACTION } from "../../engine/defaults";
import { RestyleError } from "../../engine/errors";
import { visibleFraction } from "../../engine/image-checks";
import type { Progress, RgbaImage, StyleInput, StylizeHooks, StylizeInput, StylizeOptions, StylizeResult } from "../../engine/types";
import type { VggWeights } from "../../engine/weights/vgg-weights";
import type { LayerInfo } from "../../shared/layers";
import type { Host } from "../hosts/host";
import type { PanelSettings } from "../../shared/settings";
import { exportSides, formatTimeLeft, resultName, stylizeOptions, styleWeight, type Roles } from "./plan";

export type Stage = "exporting" | "weights" | "stylizing" | "placing";

/** `W` is whatever stands for the loaded weights: the tensors themselves, or a name for those an engine worker holds. */
export interface RunDeps<W = VggWeights> {
  stylize: (w: W, input: StylizeInput, o: Partial<StylizeOptions>, h: StylizeHooks) => Promise<StylizeResult>;
  /** Weights for the preset (cached by the caller). */
  weights: (preset: PanelSettings["preset"], hooks: { onProgress: (loaded: number, total: number, etaMs?: number) => void; signal: AbortSignal }) => Promise<W>;
  decode: (png: Uint8Array, what: string) => Promise<RgbaImage>;
  encode: (img: RgbaImage) => Promise<Uint8Array>;
}

export interface RunHooks {
  signal: AbortSignal;
  onStage?: (s: Stage, detail?: string) => void;
  onProgress?: (p: Progress) => void;
}

/** Pixels of the last run, kept so a strength change can re-run from the result without re-exporting. */
export interface RunInputs {
  roles: Roles;
  content: RgbaImage;
  styles: RgbaImage[];
  sidesKey: string;
}

export interface WarmStart {
  inputs: RunInputs;
  init: RgbaImage;
}

export interface RunTarget {
  /** Start from an earlier result's pixels (a strength change): fewer iterations, no re-export. */
  warm?: WarmStart;
  /** Replace this earlier result layer instead of adding a new one. */
  replaceId?: string;
}

export interface RunOutcome {
  resultId: string;
  image: RgbaImage;
  inputs: RunInputs;
  stats: StylizeResult["stats"];
}

function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof RestyleError ? signal.reason : new RestyleError("cancelled", "The run was cancelled; nothing was added.");
}

function checkVisible(img: RgbaImage, layer: LayerInfo): void {
  if (visibleFraction(img) < MIN_VISIBLE_FRACTION) {
    throw new RestyleError("transparent-image", `“${layer.name}” is fully transparent: there is nothing to restyle there. Pick a layer with visible pixels.`);
  }
}

async function exportAll(host: Host, roles: Roles, layers: Map<string, LayerInfo>, settings: PanelSettings, deps: Pick<RunDeps<unknown>, "decode">, signal: AbortSignal): Promise<RunInputs> {
  const content = layers.get(roles.contentId)!;
  const sides = exportSides(settings, content);
  const decodeLayer = async (l: LayerInfo, side: number) => {
    const png = await host.exportLayer(l.id, side);
    throwIfCancelled(signal);
    const img = await deps.decode(png, `export of “${l.name}”`);
    checkVisible(img, l);
    return img;
  };
  // One at a time: Figma exports are serialised anyway and the messages carry one image each.
  const contentImg = await decodeLayer(content, sides.content);
  const styles: RgbaImage[] = [];
  for (const id of roles.styleIds) styles.push(await decodeLayer(layers.get(id)!, sides.style));
  return { roles, content: contentImg, styles, sidesKey: JSON.stringify(sides) };
}

export async function runJob<W>(host: Host, layerList: readonly LayerInfo[], roles: Roles, settings: PanelSettings, deps: RunDeps<W>, hooks: RunHooks, target: RunTarget = {}): Promise<RunOutcome> {
  const { signal } = hooks;
  let warm = target.warm;
  const layers = new Map(layerList.map((l) => [l.id, l]));
  for (const id of [roles.contentId, ...roles.styleIds]) {
    if (!layers.has(id)) throw new RestyleError("bad-image", "A chosen layer is no longer selected. Select the layers again.");
  }
  if (roles.styleIds.length === 0) throw new RestyleError("bad-image", "Choose at least one style layer.");
  const content = layers.get(roles.contentId)!;
  const sides = exportSides(settings, content);

  let inputs: RunInputs;
  if (warm && warm.inputs.sidesKey === JSON.stringify(sides) && sameRoles(warm.inputs.roles, roles)) {
    inputs = warm.inputs;
  } else {
    warm = undefined; // the inputs changed: a fresh run, not an update
    hooks.onStage?.("exporting");
    inputs = await exportAll(host, roles, layers, settings, deps, signal);
  }

  hooks.onStage?.("weights");
  const weights = await deps.weights(settings.preset, {
    signal,
    onProgress: (loaded, total, etaMs) => hooks.onStage?.("weights", weightsDetail(loaded, total, etaMs)),
  });
  throwIfCancelled(signal);

  hooks.onStage?.("stylizing");
  const styles: StyleInput[] = inputs.styles.map((image, i) => ({ image, weight: styleWeight(settings, i) }));
  const result = await deps.stylize(weights, { content: inputs.content, styles, ...(warm ? { init: warm.init } : {}) }, stylizeOptions(settings, sides, !!warm), {
    signal,
    onProgress: hooks.onProgress,
  });
  throwIfCancelled(signal);

  hooks.onStage?.("placing");
  const png = await deps.encode(result.image);
  throwIfCancelled(signal); // last point at which a cancel keeps the document untouched
  const styleNames = roles.styleIds.map((id) => layers.get(id)!.name);
  const resultId = await host.placeResult({
    contentId: roles.contentId,
    styleIds: roles.styleIds,
    png,
    width: result.image.width,
    height: result.image.height,
    name: resultName(content.name, styleNames),
    params: {
      ...stylizeOptions(settings, sides, !!warm),
      styleWeights: styles.map((s) => s.weight),
      backend: result.stats.backend,
      warmStart: !!warm,
    },
    ...(target.replaceId ? { replaceId: target.replaceId } : {}),
  });
  return { resultId, image: result.image, inputs, stats: result.stats };
}

/** "12.5 of 26.0 MB · About 8 s left": the weights' bytes so far, and the time left once a rate is known. */
export function weightsDetail(loaded: number, total: number, etaMs?: number): string | undefined {
  if (!(total > 0)) return undefined;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const left = etaMs !== undefined ? formatTimeLeft(etaMs) : "";
  return `${mb(loaded)} of ${mb(total)} MB${left ? ` · ${left}` : ""}`;
}

function sameRoles(a: Roles, b: Roles): boolean {
  return a.contentId === b.contentId && a.styleIds.length === b.styleIds.length && a.styleIds.every((s, i) => s === b.styleIds[i]);
}
