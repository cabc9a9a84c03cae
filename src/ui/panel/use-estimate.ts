/**
 * The pre-run estimate's state. At once, once layers are chosen: the device's class from what the
 * browser says of its GPU (a range). Then this device's rate, from a short probe on the first idle
 * moment (in a worker only: on the panel's own thread its kernel compiles would block the panel),
 * then from each finished run's own progress. The probe gives way to a run: `stopProbe` cancels it
 * and waits until the engine is free.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { classCosts, classifyDevice } from "../run/device-class";
import { readDeviceSignals } from "../run/device-signals";
import type { Engine } from "../run/engine";
import type { DeviceRate, EstimateBasis } from "../run/estimate";
import { middleFixedMs, probeDevice } from "../run/estimate-probe";

/** How long the panel must be left alone before the probe starts (a quick next click goes first). */
const PROBE_DELAY_MS = 300;
/** Probes that failed (not those a run stopped) before the panel stops trying. */
const MAX_FAILED_PROBES = 2;

export interface DeviceRateState {
  basis: EstimateBasis;
  /** Cancels a probe under way and resolves once the engine has let go of it. */
  stopProbe: () => Promise<void>;
  /** A rate measured on a run: it replaces the probe's. */
  learn: (rate: DeviceRate) => void;
}

/** A rate in the console's words (the bench and the browser tests read them). */
const describeRate = (r: DeviceRate) =>
  `one evaluation ${r.fixedMs.toFixed(1)} ms + ${(r.msPerPixel * 1000).toFixed(2)} µs per pixel, ${Math.round(r.setupMs)} ms to set up a size (${r.backend})`;

/** The class's range, read once (a WebGL context's renderer string: no kernels, a few ms). */
function useClassRange(wanted: boolean): EstimateBasis["range"] {
  const [range, setRange] = useState<EstimateBasis["range"]>(null);
  useEffect(() => {
    if (!wanted || range) return;
    const signals = readDeviceSignals();
    const [fast, slow] = classCosts(classifyDevice(signals), signals.cores);
    console.info(`restyle: device "${signals.renderer}", ${signals.cores} cores: ${classifyDevice(signals)}`);
    setRange([
      { ...fast, backend: "webgl" },
      { ...slow, backend: "webgl" },
    ]);
  }, [wanted, range]);
  return range;
}

export function useDeviceRate(engine: Engine, wanted: boolean, onStarted: (info: Awaited<ReturnType<Engine["start"]>>) => void): DeviceRateState {
  const range = useClassRange(wanted);
  const [measured, setMeasured] = useState<EstimateBasis["measured"]>(null);
  const [tick, setTick] = useState(0);
  const probe = useRef<{ ac: AbortController; done: Promise<void> } | null>(null);
  const failed = useRef(0);
  // Set once the engine turns out to share the panel's thread: no probe there.
  const onPanelThread = useRef(false);
  const started = useRef(onStarted);
  started.current = onStarted;

  useEffect(() => {
    if (!wanted || !range || measured || probe.current || onPanelThread.current || failed.current >= MAX_FAILED_PROBES) return;
    const t = setTimeout(() => {
      const ac = new AbortController();
      const done = (async () => {
        const t0 = performance.now();
        const info = await engine.start();
        started.current(info);
        if (info.where !== "worker") {
          onPanelThread.current = true; // the first run teaches the rate instead
          return;
        }
        const r = await probeDevice(engine, info.name, middleFixedMs(range), ac.signal);
        console.info(`restyle: speed probe ${Math.round(performance.now() - t0)} ms: ${describeRate(r)}`);
        if (!ac.signal.aborted) setMeasured((old) => old ?? { rate: r, source: "probe" });
      })()
        .catch(() => {
          if (!ac.signal.aborted) failed.current++;
        })
        .finally(() => {
          if (probe.current?.ac === ac) probe.current = null;
          setTick((n) => n + 1);
        });
      probe.current = { ac, done };
    }, PROBE_DELAY_MS);
    return () => clearTimeout(t);
  }, [engine, wanted, range, measured, tick]);

  useEffect(() => () => probe.current?.ac.abort(), []);

  const stopProbe = useCallback(async () => {
    const p = probe.current;
    if (!p) return;
    p.ac.abort();
    await p.done;
  }, []);
  const learn = useCallback((r: DeviceRate) => {
    console.info(`restyle: learnt from the run: ${describeRate(r)}`);
    setMeasured({ rate: r, source: "run" });
  }, []);
  return { basis: { range, measured }, stopProbe, learn };
}
