/**
 * Which route the panel's engine runs on, decided once: the routes are tried in order
 * (engine-routes.ts: a data: URL worker, a blob: URL worker, then the panel's own thread), each
 * opened at once (its script parsed, so the engine is warm by the first run); the first one that
 * opens is started on the first request, and a worker that then has no WebGL while the page has it
 * gives way to the next route (the page's GPU beats a worker's CPU). The routes passed over are kept
 * for the panel's diagnostics.
 */
import { RestyleError } from "../../engine/errors";
import { messageOf } from "../../kit/message-of";
import type { ProbeResult } from "../../shared/probe-result";
import { engineSource } from "./engine-source";
import { EngineUnavailable, ROUTE_NAMES, type EngineRoute } from "./engine-routes";
import { RouteConnection } from "./route-connection";

export interface EngineInfo {
  /** tfjs backend: "webgpu", "webgl" or "cpu". */
  name: string;
  /** Shown to the user when not on the GPU; null on WebGL. */
  note: string | null;
  where: "worker" | "main";
  route: EngineRoute;
  /** Each route tried before this one, and why it was passed over. */
  tried: string[];
  /** The WebGPU/WebGL probe's figures, where the browser offers WebGPU. */
  probe?: ProbeResult;
}

/** Whether this page can get a WebGL context (without loading tfjs, which lives in the engine bundle). */
function pageHasWebgl(): boolean {
  try {
    const c = document.createElement("canvas");
    return !!(c.getContext("webgl2") ?? c.getContext("webgl"));
  } catch {
    return false;
  }
}

/**
 * Chromium makes a page's shared GPU context with the first pixels drawn into a 2D canvas, and waits
 * for the GPU process to do it. Done while the engine keeps that process busy (the first live preview
 * of a run), it held the panel's thread for 2 s on a loaded machine (9 s in a bare test); done before
 * the engine starts, it takes a few ms, and later canvases need no wait.
 */
function warmCanvas(): void {
  if (typeof document === "undefined" || typeof ImageData !== "function") return;
  const c = document.createElement("canvas");
  c.width = c.height = 1;
  c.getContext("2d")?.putImageData(new ImageData(1, 1), 0, 0);
}

/** Asks an engine for its backend. */
export async function startOn(link: RouteConnection, tried: readonly string[]): Promise<EngineInfo> {
  const c = await link.ready();
  let got: { name: string; note: string | null; probe?: ProbeResult } | null = null;
  await c.request({ type: "start" }, (m) =>
    m.type === "backend" ? ((got = { name: m.name, note: m.note, ...(m.probe ? { probe: m.probe } : {}) }), true) : false,
  );
  return { ...got!, where: link.where, route: link.route, tried: [...tried] };
}

export class RouteChoice {
  readonly tried: string[] = [];
  active: RouteConnection | null = null;
  info: EngineInfo | null = null;
  private readonly source = engineSource();
  private opening: Promise<RouteConnection>;
  private chosen: Promise<RouteConnection> | null = null;

  constructor(
    private readonly routes: readonly EngineRoute[],
    private readonly contextLost: () => void,
  ) {
    warmCanvas(); // before any engine is opened
    // After the current task: the panel paints first, then the engine's source is encoded and parsed.
    this.opening = new Promise((resolve) => setTimeout(resolve, 0)).then(() => this.openFrom(0));
    this.opening.catch(() => undefined);
  }

  /** The route, chosen on the first request; when every route was refused, the next request tries them all again. */
  route(): Promise<RouteConnection> {
    if (!this.chosen) {
      const c = (this.chosen = this.choose());
      c.catch(() => {
        if (this.chosen !== c) return;
        this.chosen = null;
        this.tried.length = 0;
        this.opening = this.openFrom(0);
        this.opening.catch(() => undefined);
      });
    }
    return this.chosen;
  }

  dispose(): void {
    void (this.chosen ?? this.opening).then(
      (link) => link.dispose(),
      () => undefined,
    );
  }

  /** The first route from `from` on whose engine opens. */
  private async openFrom(from: number): Promise<RouteConnection> {
    if (!this.source) throw new RestyleError("backend-unavailable", "This page has no engine to run (a build without its engine bundle).");
    for (let i = from; i < this.routes.length; i++) {
      let link: RouteConnection | null = null;
      try {
        link = new RouteConnection(this.routes[i], this.source, this.contextLost);
        await link.opened;
        return link;
      } catch (err) {
        link?.dispose();
        if (!(err instanceof EngineUnavailable)) throw err;
        this.tried.push(`${ROUTE_NAMES[this.routes[i]]}: ${messageOf(err)}`);
      }
    }
    throw new RestyleError("backend-unavailable", "The style transfer engine could not start in this panel.", this.tried.join("; "));
  }

  private async choose(): Promise<RouteConnection> {
    for (;;) {
      const link = await this.opening;
      const got = await startOn(link, this.tried).catch((err: unknown) => {
        link.dispose();
        throw err;
      });
      if (got.where === "worker" && got.name === "cpu" && pageHasWebgl()) {
        this.tried.push(`${link.name}: no WebGL in the worker, while the page has it`);
        link.dispose();
        // Another worker would lack it just the same: on to the first route that is not a worker.
        const i = this.routes.indexOf(link.route);
        const next = this.routes.findIndex((r, k) => k > i && r === "panel-thread");
        this.opening = this.openFrom(next < 0 ? this.routes.length : next);
        continue;
      }
      this.active = link;
      this.info = got;
      console.info(`restyle: engine on the ${link.name}, ${got.name}${this.tried.length ? ` (passed over: ${this.tried.join("; ")})` : ""}`);
      return link;
    }
  }
}
