/**
 * The panel's Detail choice: Draft, Balanced or Finest, one choice of how much detail and time. It
 * is only a way of setting the run's own settings (network, steps, and for Draft the size), which
 * stay the truth: the estimate, the run, the result's record and the saved settings all read them.
 * Settings that match no choice (steps or network set under Advanced, or a recalled result's) show
 * as "Custom".
 */
import { DEFAULT_OPTIONS, DRAFT_ITERATIONS, FINEST_ITERATIONS } from "../../engine/defaults";
import type { PresetName } from "../../engine/types";
import type { LayerInfo } from "../../shared/layers";
import { AUTO_SIZE, DRAFT_SIZE, type PanelSettings } from "../../shared/settings";
import { estimateRunMs, panelRunShape, type DeviceRate } from "./estimate";

export type DetailName = "draft" | "balanced" | "finest";
export type DetailShown = DetailName | "custom";

export interface DetailChoice {
  name: DetailName;
  label: string;
  /** What it is for, in a few words (its cost is worked out for the chosen layers: detailCost). */
  gist: string;
  preset: PresetName;
  iterations: number;
}

export const DETAIL_CHOICES: readonly DetailChoice[] = [
  { name: "draft", label: "Draft", gist: `quick look, up to ${DEFAULT_OPTIONS.workingSize} px`, preset: "lite", iterations: DRAFT_ITERATIONS },
  { name: "balanced", label: "Balanced", gist: "full brush texture", preset: "lite", iterations: DEFAULT_OPTIONS.iterations },
  { name: "finest", label: "Finest", gist: "richer style, larger patterns", preset: "full", iterations: FINEST_ITERATIONS },
];

const choiceOf = (name: DetailName): DetailChoice => DETAIL_CHOICES.find((c) => c.name === name)!;

/**
 * The settings a choice sets. Draft also caps the size at the working size (one pass: the quick
 * run); leaving Draft lifts that cap again (back to Auto), any other size is the user's and stays.
 */
export function detailPatch(name: DetailName, current: Pick<PanelSettings, "size">): Partial<PanelSettings> {
  const c = choiceOf(name);
  const size = name === "draft" ? DRAFT_SIZE : current.size === DRAFT_SIZE ? AUTO_SIZE : current.size;
  return { preset: c.preset, iterations: c.iterations, size };
}

/** Which choice these settings are: Draft needs its size cap too; Balanced and Finest hold at any size. */
export function detailOf(s: Pick<PanelSettings, "preset" | "iterations" | "size">): DetailShown {
  const match = DETAIL_CHOICES.find((c) => c.preset === s.preset && c.iterations === s.iterations && (c.name !== "draft" || s.size === DRAFT_SIZE));
  return match?.name ?? "custom";
}

/**
 * A stand-in rate while this device's is unknown: all of the cost per pixel, so the comparison is
 * of the work each choice does (the device's own rate, once probed, weighs its fixed part too).
 */
const WORK_ONLY: DeviceRate = { fixedMs: 0, msPerPixel: 1, setupMs: 0, backend: "webgl" };

/** How long a choice takes against Balanced for these layers (1: the same); NaN with no layers. */
export function detailCost(
  name: DetailName,
  settings: PanelSettings,
  contents: readonly LayerInfo[],
  styleCount: number,
  pixelRatio: number,
  rate: DeviceRate | null,
): number {
  if (contents.length === 0) return Number.NaN;
  const ms = (n: DetailName) =>
    estimateRunMs(
      rate ?? WORK_ONLY,
      panelRunShape({ ...settings, ...detailPatch(n, settings) }, contents, styleCount, pixelRatio, (rate ?? WORK_ONLY).backend),
    );
  return ms(name) / ms("balanced");
}

/** "~6× faster", "~2.4× slower", "" (about the same, or unknown). */
export function costWords(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return "";
  const [n, way] = ratio < 1 ? [1 / ratio, "faster"] : [ratio, "slower"];
  if (n < 1.25) return "";
  return `~${n < 3 ? n.toFixed(1).replace(/\.0$/, "") : Math.round(n)}× ${way}`;
}
