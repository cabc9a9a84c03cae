/**
 * The live connection to the engine on one route (engine-routes.ts), replaced by a fresh engine on
 * the same route when its WebGL context dies: a fresh worker is a fresh tfjs and a fresh context,
 * simpler and surer than repairing the old one, and a lost context may have left a run hanging.
 */
import { RestyleError } from "../../engine/errors";
import { Connection } from "./engine-connection";
import { openEndpoint, ROUTE_NAMES, type EngineRoute } from "./engine-routes";

export class RouteConnection {
  readonly where: "worker" | "main";
  /** Settles once the first engine's script runs; rejects with EngineUnavailable when the route is refused. */
  readonly opened: Promise<void>;
  private conn: Connection | null = null;

  /** Opens the route now, so the engine is warm by the first run; throws EngineUnavailable when it is refused at once. `onLost`: an engine's context died. */
  constructor(
    readonly route: EngineRoute,
    private readonly source: string,
    private readonly onLost: () => void,
  ) {
    this.where = route === "panel-thread" ? "main" : "worker";
    this.opened = this.connection().ready;
    this.opened.catch(() => undefined);
  }

  get name(): string {
    return ROUTE_NAMES[this.route];
  }

  /** The live connection, ready; a fresh engine when the last one is gone. */
  async ready(): Promise<Connection> {
    const c = this.connection();
    await c.ready;
    return c;
  }

  private connection(): Connection {
    if (!this.conn) {
      const c: Connection = new Connection(
        openEndpoint(this.route, this.source),
        () => {
          this.onLost();
          void Promise.resolve().then(() => this.connection().ready.catch(() => undefined)); // warm again by the next run
        },
        () => {
          if (this.conn === c) this.conn = null;
        },
      );
      this.conn = c;
    }
    return this.conn;
  }

  dispose(): void {
    this.conn?.close(new RestyleError("cancelled", "The panel closed."));
    this.conn = null;
  }
}
