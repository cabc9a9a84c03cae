/**
 * One job from the panel's point of view: for each content of the batch, export the layers from
 * the host (built-in styles come from the gallery instead), decode, stylise, encode; then place
 * every result at once. Cancelling stops before anything reaches the document: results finished
 * before the cancel are handed back unplaced, for the user to place or discard. Collaborators are
 * passed in, so the sequence can be tested without a browser.
 */
import { RestyleError } from "../../engine/errors";
import type { Progress, RgbaImage, StyleInput, StylizeHooks, StylizeInput, StylizeOptions, StylizeResult } from "../../engine/types";
import type { VggWeights } from "../../engine/vgg-weights";
import { gallerySlug, sameRoles, type LayerInfo, type PlaceMode, type PlaceRequest, type Roles } from "../../shared/layers";
import type { PanelSettings } from "../../shared/settings";
import type { Host } from "../hosts/host";
import { Inputs, isCancel, styleSources, throwIfCancelled, type StyleSource } from "./run-inputs";
import { hostDensity } from "./screen-density";
import {
  batchEtaMs,
  exportSides,
  formatTimeLeft,
  resultName,
  resultParams,
  rolesOf,
  stylizeOptions,
  styleWeight,
  type BatchRoles,
  type ExportSides,
} from "./plan";

export type Stage = "exporting" | "weights" | "stylizing" | "placing";

/** `W` is whatever stands for the loaded weights: the tensors themselves, or a name for those an engine worker holds. */
export interface RunDeps<W = VggWeights> {
  stylize: (w: W, input: StylizeInput, o: Partial<StylizeOptions>, h: StylizeHooks) => Promise<StylizeResult>;
  /** Weights for the preset (cached by the caller). */
  weights: (preset: PanelSettings["preset"], hooks: { onProgress: (loaded: number, total: number, etaMs?: number) => void; signal: AbortSignal }) => Promise<W>;
  /** PNG or JPEG bytes to pixels (the browser sniffs the format). */
  decode: (bytes: Uint8Array, what: string) => Promise<RgbaImage>;
  encode: (img: RgbaImage) => Promise<Uint8Array>;
}

/** Where a batch stands: layer `index` (0-based) of `count`, and the time left for all of them. */
export interface BatchProgress {
  index: number;
  count: number;
  etaMs: number;
}

export interface RunHooks {
  signal: AbortSignal;
  onStage?: (s: Stage, detail?: string) => void;
  onProgress?: (p: Progress, batch: BatchProgress) => void;
  /** A content of the batch starts (`original` arrives once its export is decoded, for comparing). */
  onLayer?: (layer: { index: number; count: number; name: string; original?: RgbaImage }) => void;
}

/** Pixels of one content's run, kept so a strength change can re-run from the result without re-exporting. */
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
  /** Start from an earlier result's pixels (a strength change): fewer iterations, no re-export. Single content only. */
  warm?: WarmStart;
  /** Replace this earlier result instead of adding a new one. Single content only. */
  replaceId?: string;
  /** How results enter the document; a content that cannot take a fill gets a layer. Default "layer". */
  mode?: PlaceMode;
  /** False: make the results but place nothing (the panel shows them for review first). Default true. */
  place?: boolean;
}

/** One content's result, ready to place. */
export interface Finished {
  request: PlaceRequest;
  image: RgbaImage;
  inputs: RunInputs;
  stats: StylizeResult["stats"];
}

export interface JobResult {
  /** Results made, in the batch's content order. */
  finished: Finished[];
  /** Ids of the placed results in the same order; empty when nothing was placed (review first, or cancelled). */
  placedIds: string[];
  /** Cancelled after `finished.length` results: those are kept, none placed. */
  cancelled: boolean;
}

export async function runJob<W>(
  host: Host,
  layerList: readonly LayerInfo[],
  roles: BatchRoles,
  settings: PanelSettings,
  deps: RunDeps<W>,
  hooks: RunHooks,
  target: RunTarget = {},
): Promise<JobResult> {
  const { signal } = hooks;
  const layers = new Map(layerList.map((l) => [l.id, l]));
  for (const id of [...roles.contentIds, ...roles.styleIds]) {
    if (gallerySlug(id) === null && !layers.has(id)) throw new RestyleError("bad-image", "A chosen layer is no longer selected. Select the layers again.");
  }
  if (roles.contentIds.length === 0) throw new RestyleError("bad-image", "Choose a content layer.");
  if (roles.styleIds.length === 0) throw new RestyleError("bad-image", "Choose at least one style: a built-in painting or a style layer.");
  const single = roles.contentIds.length === 1;
  const styles = styleSources(roles.styleIds, layers);
  const inputs = new Inputs(host, deps, signal);

  hooks.onStage?.("weights");
  const weights = await deps.weights(settings.preset, {
    signal,
    onProgress: (loaded, total, etaMs) => hooks.onStage?.("weights", weightsDetail(loaded, total, etaMs)),
  });
  throwIfCancelled(signal);

  const finished: Finished[] = [];
  const durations: number[] = [];
  const count = roles.contentIds.length;
  try {
    for (const [index, one] of rolesOf(roles).entries()) {
      const content = layers.get(one.contentId)!;
      hooks.onLayer?.({ index, count, name: content.name });
      const sides = exportSides(settings, content, hostDensity(host.kind)); // once per content: the exports and the engine both use these
      const warm =
        single && target.warm && target.warm.inputs.sidesKey === JSON.stringify(sides) && sameRoles(target.warm.inputs.roles, one) ? target.warm : undefined;
      const t0 = Date.now();
      const made = await runOne(one, content, sides, styles, {
        settings,
        layers,
        inputs,
        deps,
        weights,
        warm,
        signal,
        onStage: (s) => hooks.onStage?.(s),
        onProgress: (p) => hooks.onProgress?.(p, { index, count, etaMs: batchEtaMs(p.etaMs, p.elapsedMs, durations, index, count) }),
        onOriginal: (original) => hooks.onLayer?.({ index, count, name: content.name, original }),
      });
      durations.push(Date.now() - t0);
      const mode: PlaceMode = target.mode === "fill" && !content.noFill ? "fill" : "layer";
      const request: PlaceRequest = {
        ...made.request,
        mode,
        ...(single && target.replaceId ? { replaceId: target.replaceId } : {}),
      };
      finished.push({ ...made, request });
    }
  } catch (e) {
    // A cancel after some results: keep them for the user to place or discard, never half a batch in the document.
    if (isCancel(e) && finished.length > 0 && !single) return { finished, placedIds: [], cancelled: true };
    throw e;
  }

  if (target.place === false) return { finished, placedIds: [], cancelled: false };
  throwIfCancelled(signal); // last point at which a cancel keeps the document untouched
  hooks.onStage?.("placing");
  const placedIds = await placeAll(
    host,
    finished.map((f) => f.request),
  );
  return { finished, placedIds, cancelled: false };
}

interface OneRun<W> {
  settings: PanelSettings;
  layers: Map<string, LayerInfo>;
  inputs: Inputs;
  deps: RunDeps<W>;
  weights: W;
  warm?: WarmStart;
  signal: AbortSignal;
  onStage: (s: Stage) => void;
  onProgress: (p: Progress) => void;
  onOriginal: (img: RgbaImage) => void;
}

async function runOne<W>(roles: Roles, content: LayerInfo, sides: ExportSides, styles: readonly StyleSource[], run: OneRun<W>): Promise<Finished> {
  const { signal, deps, warm, settings } = run;
  let runInputs: RunInputs;
  if (warm) {
    runInputs = warm.inputs;
  } else {
    run.onStage("exporting");
    // One at a time: Figma exports are serialised anyway and the messages carry one image each.
    const contentImg = await run.inputs.layer(content, sides.content);
    const styleImgs: RgbaImage[] = [];
    for (const s of styles) styleImgs.push(await run.inputs.style(s, run.layers, sides));
    runInputs = { roles, content: contentImg, styles: styleImgs, sidesKey: JSON.stringify(sides) };
  }
  run.onOriginal(runInputs.content);
  throwIfCancelled(signal);
  run.onStage("stylizing");

  const styleInputs: StyleInput[] = runInputs.styles.map((image, i) => ({ image, weight: styleWeight(settings, i) }));
  const result = await deps.stylize(
    run.weights,
    { content: runInputs.content, styles: styleInputs, ...(warm ? { init: warm.init } : {}) },
    stylizeOptions(settings, sides, !!warm),
    { signal, onProgress: run.onProgress },
  );
  throwIfCancelled(signal);

  const png = await deps.encode(result.image);
  throwIfCancelled(signal);
  const styleNames = styles.map((s) => s.name);
  return {
    image: result.image,
    inputs: runInputs,
    stats: result.stats,
    request: {
      contentId: roles.contentId,
      styleIds: [...roles.styleIds],
      png,
      width: result.image.width,
      height: result.image.height,
      name: resultName(content.name, styleNames),
      params: {
        ...resultParams(
          settings,
          sides,
          { content: content.name, styles: styleNames },
          { backend: result.stats.backend, warmStart: !!warm, styleWeights: styleInputs.map((s) => s.weight ?? 1) },
        ),
      },
    },
  };
}

/** Every request into the document as one step where the host can (one undo, all or none), else one by one. */
export async function placeAll(host: Host, requests: readonly PlaceRequest[]): Promise<string[]> {
  if (requests.length === 0) return [];
  if (requests.length > 1 && host.placeResults) {
    const ids = await host.placeResults([...requests]);
    if (ids.length !== requests.length) throw new RestyleError("bad-image", `The editor placed ${ids.length} of ${requests.length} results.`);
    return ids;
  }
  const ids: string[] = [];
  for (const r of requests) ids.push(await host.placeResult(r));
  return ids;
}

/** "12.5 of 26.0 MB · About 8 s left": the weights' bytes so far, and the time left once a rate is known. */
export function weightsDetail(loaded: number, total: number, etaMs?: number): string | undefined {
  if (!(total > 0)) return undefined;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const left = etaMs !== undefined ? formatTimeLeft(etaMs) : "";
  return `${mb(loaded)} of ${mb(total)} MB${left ? ` · ${left}` : ""}`;
}
