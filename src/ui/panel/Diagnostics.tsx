/** What the engine runs on and what it passed over, under Advanced, for bug reports. */
import { describeProbe } from "../../shared/probe-result";
import { ROUTE_NAMES } from "../engine-link/engine-routes";
import { PANEL_THREAD_NOTE, type EngineInfo } from "../run/engine";

/** The engine's warnings: a note from its start, and whether it shares the panel's thread. */
export function EngineNotes({ backend }: { backend: EngineInfo | null }) {
  return (
    <>
      {backend?.note ? <p class="message warn">{backend.note}</p> : null}
      {backend?.where === "main" ? (
        <p class="message hint" data-note="panel-thread">
          {PANEL_THREAD_NOTE}
        </p>
      ) : null}
    </>
  );
}

export function Diagnostics({ backend }: { backend: EngineInfo }) {
  return (
    <section class="diagnostics" aria-labelledby="diagnostics-title">
      <h3 id="diagnostics-title" class="section-title">
        Diagnostics (for bug reports)
      </h3>
      <ul>
        <li data-diag="engine">
          Engine: {ROUTE_NAMES[backend.route]}, {backend.name}
        </li>
        {backend.probe ? (
          <li data-diag="probe" data-picked={backend.probe.picked}>
            Probe: {describeProbe(backend.probe)}
          </li>
        ) : null}
        {backend.tried.map((t) => (
          <li key={t}>Passed over: {t}</li>
        ))}
      </ul>
    </section>
  );
}
