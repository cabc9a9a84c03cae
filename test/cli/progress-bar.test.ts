import { describe, expect, it } from "vitest";
import { createProgressSink, describeProgress, formatBar, formatDuration, formatProgressLine } from "../../src/cli/progress-bar";
import type { Progress } from "../../src/engine/types";

const p = (iteration: number, over: Partial<Progress> = {}): Progress => ({
  iteration,
  totalIterations: 40,
  scaleIndex: 1,
  scaleCount: 3,
  width: 128,
  height: 96,
  tileIndex: 0,
  tileCount: 1,
  loss: { total: 1234.5678, content: 1, style: 2, tv: 3 },
  evaluations: iteration,
  elapsedMs: 1000,
  etaMs: 65_000,
  ...over,
});

describe("progress output", () => {
  it("formats durations and bars", () => {
    expect(formatDuration(65_000)).toBe("01:05");
    expect(formatDuration(3_723_000)).toBe("1:02:03");
    expect(formatDuration(NaN)).toBe("--:--");
    expect(formatBar(0.5, 10)).toBe("[#####-----]");
    expect(formatBar(2, 4)).toBe("[####]");
  });

  it("a TTY line shows iteration, scale, loss and ETA and fits the terminal", () => {
    const line = formatProgressLine(p(10), 100);
    expect(line).toContain("iter 10/40");
    expect(line).toContain("scale 2/3 (128×96)");
    const one = describeProgress(p(5, { scaleIndex: 0, scaleCount: 1 }));
    expect(one).toContain("  128×96  ");
    expect(one).not.toContain("scale");
    expect(one).not.toContain("tile");
    expect(describeProgress(p(5, { tileIndex: 2, tileCount: 9 }))).toContain("scale 2/3 (128×96)  tile 3/9  loss");
    expect(line).toContain("loss 1234.568");
    expect(line).toContain("ETA 01:05");
    expect(line).toMatch(/^\[#+-+\] {2}25%/);
    expect(line.length).toBeLessThan(100);
    expect(formatProgressLine(p(10), 40).length).toBeLessThan(40);
  });

  it("redraws one line on a TTY and ends it once", () => {
    const out: string[] = [];
    const sink = createProgressSink({ write: (s: string) => out.push(s), isTTY: true, columns: 80 });
    sink.update(p(1));
    sink.update(p(2));
    sink.done();
    expect(out.slice(0, 2).every((s) => s.startsWith("\r"))).toBe(true);
    expect(out[2]).toBe("\n");
  });

  it("prints throttled plain lines when not a TTY, always the first and the last", () => {
    const out: string[] = [];
    let t = 0;
    const sink = createProgressSink({ write: (s: string) => out.push(s) }, { plainEveryMs: 1000, now: () => t });
    for (let i = 1; i <= 40; i++) {
      t += 100;
      sink.update(p(i));
    }
    expect(out.every((s) => !s.includes("\r") && s.endsWith("\n"))).toBe(true);
    expect(out[0]).toContain("iter 1/40");
    expect(out[out.length - 1]).toContain("iter 40/40");
    expect(out.length).toBeGreaterThan(3);
    expect(out.length).toBeLessThan(8);
  });
});
