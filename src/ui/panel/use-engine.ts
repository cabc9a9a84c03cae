/** One engine for the panel's life: in a worker when the browser allows (created now, so it is warm by Run). */
import { useEffect, useRef, useState } from "preact/hooks";
import { createEngine, type Engine, type EngineInfo } from "../run/engine";

export function useEngine() {
  const engineRef = useRef<Engine | null>(null);
  engineRef.current ??= createEngine();
  const [backend, setBackend] = useState<EngineInfo | null>(null);
  return { engine: engineRef.current, backend, setBackend };
}

/** Disposes the engine with the panel, and marks the page with what it runs on. */
export function useEngineLifetime(engine: Engine, backend: EngineInfo | null): void {
  useEffect(() => () => engine.dispose(), [engine]);

  // Read by the tests and useful when debugging: the tfjs backend and the thread it runs on.
  useEffect(() => {
    if (!backend) return;
    document.documentElement.dataset.backend = backend.name;
    document.documentElement.dataset.engine = backend.where;
    document.documentElement.dataset.route = backend.route;
  }, [backend]);
}
