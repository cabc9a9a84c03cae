import { describe, expect, it } from "vitest";
import { listStylesText, parseCli, parseScales, type CliArgs } from "../../src/cli/args";
import { BOUNDS } from "../../src/engine/defaults";

function run(argv: string[]): CliArgs {
  const r = parseCli(argv);
  if (r.kind !== "run") throw new Error(`expected a run, got ${r.kind}`);
  return r.args;
}

describe("parseCli", () => {
  it("reads every option into engine options", () => {
    const a = run([
      "c.png",
      "s1.jpg",
      "s2.jpg",
      "-o",
      "x.png",
      "--strength",
      "0.8",
      "--size",
      "300",
      "--iterations",
      "5",
      "--preset",
      "full",
      "--optimizer",
      "adam",
      "--scales",
      "0.5,1",
      "--preserve-colors",
      "--style-scale",
      "2",
      "--style-weights",
      "1,3",
      "--init",
      "noise",
      "--seed",
      "7",
      "--backend",
      "cpu",
      "--weights",
      "w",
      "--json",
    ]);
    expect(a).toMatchObject({
      content: "c.png",
      styles: ["s1.jpg", "s2.jpg"],
      output: "x.png",
      styleWeights: [1, 3],
      backend: "cpu",
      weightsDir: "w",
      json: true,
    });
    expect(a.options).toEqual({
      strength: 0.8,
      size: 300,
      workingSize: 300,
      iterations: 5,
      preset: "full",
      optimizer: "adam",
      scales: [0.5, 1],
      preserveColors: true,
      styleScale: 2,
      init: "noise",
      seed: 7,
    });
  });

  it("defaults: out.png, wasm, no options set (the engine's defaults apply)", () => {
    const a = run(["c.png", "s.png"]);
    expect(a).toMatchObject({ output: "out.png", backend: "wasm", json: false, options: {} });
  });

  it("keeps the working size at or under the default when only --size is given", () => {
    expect(run(["c", "s", "--size", "2000"]).options.workingSize).toBe(512);
    expect(run(["c", "s", "--size", "2000", "--working-size", "1024"]).options.workingSize).toBe(1024);
    expect(() => run(["c", "s", "--size", "300", "--working-size", "400"])).toThrow(/must not exceed --size/);
  });

  it("--size paints up to 4096, --memory-budget takes whole MiB within its bounds", () => {
    expect(run(["c", "s", "--size", "4096"]).options).toMatchObject({ size: 4096, workingSize: 512 });
    expect(run(["c", "s", "--memory-budget", "256"]).options.memoryBudgetMB).toBe(256);
    expect(() => run(["c", "s", "--memory-budget", "0"])).toThrow(/--memory-budget must be between/);
    expect(() => run(["c", "s", "--memory-budget", "1.5"])).toThrow(/--memory-budget must be a whole number/);
  });

  it.each([
    [["--strength", "1.5"], /--strength must be between 0 and 1/],
    [["--strength", "abc"], /--strength must be a number/],
    [["--size", "12.5"], /--size must be a whole number/],
    [["--size", String(BOUNDS.size[1] + 1)], /--size must be between/],
    [["--iterations", "0"], /--iterations must be between 1 and 2000/],
    [["--preset", "huge"], /--preset must be one of lite, full/],
    [["--optimizer", "sgd"], /--optimizer must be one of adam, lbfgs/],
    [["--backend", "webgl"], /--backend must be one of cpu, wasm/],
    [["--scales", "1,0.5"], /ascending/],
    [["--scales", "0.25,0.5"], /end at 1/],
    [["--scales", "0.01,1"], /between 0.05 and 1/],
    [["--style-weights", "1,2"], /one per style/],
    [["--style-weights", "0"], /at least one weight above 0/],
    [["--init", "zeros"], /--init must be one of content, noise/],
    [["--frobnicate"], /Unknown option '--frobnicate'/],
  ])("rejects %j", (extra, message) => {
    expect(() => run(["c.png", "s.png", ...extra])).toThrow(message);
    try {
      run(["c.png", "s.png", ...extra]);
    } catch (e) {
      expect((e as { code: string }).code).toBe("bad-options");
    }
  });

  it("needs a content and a style image", () => {
    expect(() => run([])).toThrow(/content image and at least one style/);
    expect(() => run(["only.png"])).toThrow(/content image and at least one style image or --style-preset/);
    expect(() => run(["--style-preset", "the-kiss"])).toThrow(/content image and at least one style/);
  });

  it("--style-preset: repeatable, alone or with style files; --style-weights covers the files, then the presets", () => {
    expect(run(["c.png", "--style-preset", "starry-night"])).toMatchObject({ content: "c.png", styles: [], stylePresets: ["starry-night"] });
    const a = run(["c.png", "s.png", "--style-preset", "the-kiss", "--style-preset", "great-wave", "--style-weights", "1,2,3"]);
    expect(a).toMatchObject({ styles: ["s.png"], stylePresets: ["the-kiss", "great-wave"], styleWeights: [1, 2, 3] });
    expect(run(["c.png", "s.png"]).stylePresets).toEqual([]);
    expect(() => run(["c.png", "--style-preset", "the-kiss", "--style-weights", "1,2"])).toThrow(
      /2 value\(s\) for 1 style\(s\); give one per style \(the files, then the presets\)/,
    );
  });

  it("an unknown --style-preset is a usage error naming every valid one", () => {
    for (const bad of ["mona-lisa", "Starry-Night", "gallery:starry-night", ""]) {
      let err: unknown;
      try {
        run(["c.png", "--style-preset", bad]);
      } catch (e) {
        err = e;
      }
      expect((err as { code: string }).code, bad).toBe("bad-options");
      expect((err as Error).message).toBe(
        `--style-preset "${bad}" is not a built-in style; choose one of starry-night, the-scream, great-wave, composition-vii, the-kiss (restyle --list-styles).`,
      );
    }
  });

  it("--list-styles needs nothing else and lists slug, title, artist, year one a line", () => {
    expect(parseCli(["--list-styles"])).toEqual({ kind: "list-styles", json: false });
    expect(parseCli(["--list-styles", "--json"])).toEqual({ kind: "list-styles", json: true });
    const lines = listStylesText().split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe("starry-night     The Starry Night, Vincent van Gogh, 1889");
    expect(lines[2]).toBe("great-wave       The Great Wave off Kanagawa, Katsushika Hokusai, c. 1830–32");
    expect(lines[3]).toBe("composition-vii  Composition VII, Wassily Kandinsky, 1913");
  });

  it("help and version win over everything else", () => {
    expect(parseCli(["--help"]).kind).toBe("help");
    expect(parseCli(["-h", "--strength", "9"]).kind).toBe("help");
    expect(parseCli(["--version"]).kind).toBe("version");
  });

  it("parseScales accepts a single full scale", () => {
    expect(parseScales("1")).toEqual([1]);
    expect(parseScales(" 0.25, 0.5 ,1")).toEqual([0.25, 0.5, 1]);
  });
});
