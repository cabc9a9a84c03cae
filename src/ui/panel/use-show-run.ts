/**
 * Hands the run and the chosen styles to a host that shows them in a place of its own (Host.showRun,
 * Host.showStyles: the standalone page). Editors have neither, and the panel shows the run itself.
 */
import { useEffect } from "preact/hooks";
import type { Host } from "../hosts/host";
import type { ShownRun } from "../hosts/shown-run";
import { etaWords } from "../run/progress-words";
import { runningWords, type Status } from "./RunStatus";
import { useNow } from "./use-now";

/** The status as the host shows it: the panel's words, the newest preview and the content's pixels while running. */
export function shownRun(status: Status, now = performance.now()): ShownRun {
  if (status.kind !== "running") return { phase: "idle" };
  const p = status.progress;
  const stylizing = !!p && status.stage === "stylizing";
  const words = runningWords(status, now);
  return {
    phase: "running",
    ...words,
    eta: etaWords(words.eta),
    iteration: stylizing ? p.iteration : 0,
    totalIterations: p?.totalIterations ?? 0,
    name: status.layer?.name,
    preview: stylizing ? (p.preview ?? undefined) : undefined,
    original: status.layer?.original,
  };
}

export function useShowRun(host: Host, status: Status, styleIds: readonly string[] | undefined): void {
  const now = useNow(status.kind === "running");
  useEffect(() => host.showRun?.(shownRun(status, now)), [host, status, now]);
  // Compared by value: the roles are a new object whenever the layers are watched again.
  const styles = (styleIds ?? []).join("\n");
  useEffect(() => host.showStyles?.(styles ? styles.split("\n") : []), [host, styles]);
}
