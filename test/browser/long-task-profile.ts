/**
 * Attributes the panel's long tasks to code: V8's sampling profiler (Chrome DevTools Protocol) on the
 * panel's frame, then every busy stretch of its thread over a threshold, with the functions that
 * spent the most of it. The panel is one minified script, so each function is named by its place
 * in dist/ui.html and the source text there (enough to find it by a string or identifier it uses).
 * For finding long tasks, not for asserting: the profiler's own overhead stretches what it samples.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { REPO } from "../helpers/paths";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A gap of idle samples shorter than this does not end a busy stretch (µs). */
const JOIN_GAP_US = 2_000;

/** Starts sampling the frame's thread; `stop` returns one line per busy stretch over `overMs`. */
export async function profileFrame(page: Page, frame: Frame): Promise<{ stop: (overMs: number) => Promise<string[]> }> {
  // A sandboxed frame may live in its own process (then it has its own session); else the page's runs it.
  const session = await page
    .context()
    .newCDPSession(frame)
    .catch(() => page.context().newCDPSession(page));
  await session.send("Profiler.enable");
  await session.send("Profiler.setSamplingInterval", { interval: 200 });
  await session.send("Profiler.start");
  return {
    async stop(overMs) {
      const { profile } = (await session.send("Profiler.stop")) as unknown as { profile: Profile };
      await session.detach();
      return busyStretches(profile, overMs);
    },
  };
}

function busyStretches(profile: Profile, overMs: number): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const html = readFileSync(join(REPO, "dist/ui.html"), "utf8").split("\n");
  const where = (n: ProfileNode) => {
    const { functionName, url, lineNumber, columnNumber } = n.callFrame;
    if (!url) return functionName || "(native)";
    const line = html[lineNumber] ?? "";
    const text = url === "about:srcdoc" || url.endsWith("ui.html") ? ` «${line.slice(columnNumber, columnNumber + 70)}»` : "";
    return `${functionName || "(anonymous)"} ${url.split("/").pop()}:${lineNumber + 1}:${columnNumber + 1}${text}`;
  };
  const out: string[] = [];
  let t = 0;
  let stretch: { start: number; end: number; self: Map<ProfileNode, number> } | null = null;
  const flush = () => {
    if (stretch && (stretch.end - stretch.start) / 1000 > overMs) {
      const top = [...stretch.self].sort((a, b) => b[1] - a[1]).slice(0, 6);
      out.push(
        `busy ${Math.round((stretch.end - stretch.start) / 1000)} ms at +${Math.round(stretch.start / 1000)} ms: ` +
          top.map(([n, us]) => `${Math.round(us / 1000)} ms ${where(n)}`).join(" | "),
      );
    }
    stretch = null;
  };
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    const node = byId.get(profile.samples[i]);
    if (!node || node.callFrame.functionName === "(idle)") {
      if (stretch && t - stretch.end > JOIN_GAP_US) flush();
      continue;
    }
    stretch ??= { start: t, end: t, self: new Map() };
    stretch.end = t;
    stretch.self.set(node, (stretch.self.get(node) ?? 0) + (profile.timeDeltas[i + 1] ?? dt));
  }
  flush();
  return out;
}
