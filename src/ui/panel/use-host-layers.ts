/**
 * The editor's layer choice and the roles resolved from it. Layers are watched once the settings
 * have arrived, so the remembered roles can be applied to them; selecting an earlier result puts
 * its parameters into the settings (each selected result once).
 */
import { useEffect, useRef, useState, type Dispatch, type StateUpdater } from "preact/hooks";
import type { LayerChoice, LayerInfo } from "../../shared/layers";
import { sanitizeSettings, type PanelSettings } from "../../shared/settings";
import type { Host } from "../hosts/host";
import { carryWeights, resolveRoles, settingsFromRecall, type BatchRoles } from "../run/plan";

const galleryOf = (r: BatchRoles | null) => (r ? r.styleIds.filter((s) => s.startsWith("gallery:")) : []);

/** Built-in paintings picked while no content is chosen: held as roles with no content until one is. */
export function heldPicks(prev: BatchRoles | null): BatchRoles | null {
  const picked = galleryOf(prev);
  return picked.length ? { contentIds: [], styleIds: picked } : null;
}

type Setter<T> = Dispatch<StateUpdater<T>>;

/** The layer state; `useWatchLayers` feeds it (it needs the run, which needs this state first). */
export function useHostLayers() {
  const [choice, setChoice] = useState<LayerChoice | null>(null);
  const [roles, setRoles] = useState<BatchRoles | null>(null);
  return { choice, setChoice, roles, setRoles };
}

export interface WatchLayers {
  host: Host;
  loaded: boolean;
  settingsRef: { readonly current: PanelSettings };
  setSettings: Setter<PanelSettings>;
  setChoice: Setter<LayerChoice | null>;
  setRoles: Setter<BatchRoles | null>;
  /** Whether the id is one the run placed last (its echo, not a new choice). */
  placedLast: (id: string) => boolean;
  clearOutcome: () => void;
}

export function useWatchLayers({ host, loaded, settingsRef, setSettings, setChoice, setRoles, placedLast, clearOutcome }: WatchLayers): void {
  // The earlier result whose parameters were last put into the settings (each selected result once).
  const recalled = useRef<string | null>(null);
  useEffect(() => {
    if (!loaded) return;
    return host.watchLayers((c) => {
      setChoice(c);
      setRoles((prev) => resolveRoles(c, settingsRef.current.lastRoles, galleryOf(prev)) ?? heldPicks(prev));
      if (c.resultId && c.recall && recalled.current !== c.resultId) {
        const { params, goneStyles } = c.recall;
        setSettings((s) => sanitizeSettings(settingsFromRecall(s, params, goneStyles)));
      }
      // Another earlier result selected: what the panel said about the last run is not about this one.
      if (c.resultId && c.resultId !== recalled.current && !placedLast(c.resultId)) clearOutcome();
      recalled.current = c.resultId ?? null;
    });
  }, [host, loaded, placedLast, clearOutcome, settingsRef, setSettings, setChoice, setRoles]);
}

/** The settings that follow roles chosen in the panel: the style weights stay with their layers, and a single content's roles are remembered. */
export function rolesPatch(settings: PanelSettings, from: BatchRoles, to: BatchRoles): Partial<PanelSettings> {
  const styleWeights = carryWeights(settings, from.styleIds, to.styleIds);
  return { styleWeights, ...(to.contentIds.length === 1 ? { lastRoles: { contentId: to.contentIds[0], styleIds: [...to.styleIds] } } : {}) };
}

/** The content layers in the roles' order. */
export function contentLayers(choice: LayerChoice | null, roles: BatchRoles | null): LayerInfo[] {
  const byId = new Map((choice?.layers ?? []).map((l) => [l.id, l]));
  return (roles?.contentIds ?? []).map((id) => byId.get(id)).filter((l): l is LayerInfo => !!l);
}
