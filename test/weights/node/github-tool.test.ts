// `npm run weights -- --source github` against the local stand-in of the pinned host: verified,
// resumable (a second run fetches only what the first did not finish), nothing half-written kept.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RestyleError } from "../../../src/engine/errors";
import { useNodeBackend } from "../../../src/node/backend";
import { loadWeightsFromDir } from "../../../src/weights/node/load-weights-dir";
import { ensureWeights } from "../../../src/weights/node/ensure";
import { githubDownloadDir } from "../../../src/weights/node/github-source";
import { loadWeightsFromFolder } from "../../../src/weights/node/load-folder";
import { runWeightsTool } from "../../../src/weights/node/run-weights";
import { parseWeightsArgs } from "../../../src/weights/node/weights-args";
import { VGG_RAW } from "../../helpers/paths";
import { FULL_SHARDS, githubTree, serveGithubTree, type GithubServer } from "../github-fixture";
import { scratch } from "../fixtures";

let server: GithubServer;
const tmp = scratch("github-tool");
const { table } = githubTree();

beforeAll(async () => {
  await useNodeBackend("cpu");
  server = await serveGithubTree();
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

describe("npm run weights -- --source github", () => {
  it("parses --source", () => {
    expect(parseWeightsArgs(["--source", "github"]).source).toBe("github");
    expect(() => parseWeightsArgs(["--source", "ftp"])).toThrow(/--source must be keras or github/);
  });

  it("resumes after a failure and builds both presets from the verified shards", async () => {
    const args = { ...parseWeightsArgs(["--source", "github", "--url", server.base, "--dtype", "float32"]), out: tmp.dir };
    server.fault = (_q, res, path) => path === "group11-shard2of3" && (res.writeHead(500), res.end(), true);
    server.requests.length = 0;
    const err = await runWeightsTool(args, { log: () => undefined, table }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(RestyleError);
    expect((err as Error).message).toBe("The weights host answered HTTP 500 for group11-shard2of3; try again later, or load the weights from a file.");
    const kept = readdirSync(githubDownloadDir(tmp.dir));
    expect(kept.some((n) => n.endsWith(".tmp"))).toBe(false);
    expect(kept).not.toContain("group11-shard2of3");
    expect(kept.length).toBeGreaterThan(0);
    for (const n of kept) expect(readFileSync(join(githubDownloadDir(tmp.dir), n)).equals(githubTree().files.get(n)!), n).toBe(true);

    server.fault = null;
    server.requests.length = 0;
    const report = await runWeightsTool(args, { log: () => undefined, table });
    expect(report.built.map((b) => b.preset).sort()).toEqual(["full", "lite"]);
    const want = ["model.json", ...FULL_SHARDS().map((r) => r.path).filter((p) => !kept.includes(p))];
    expect([...server.requests].sort()).toEqual(want.sort());

    const w = await loadWeightsFromDir(join(tmp.dir, "full"));
    const raw = new Float32Array(readFileSync(join(VGG_RAW, "block2_conv2.bin")).buffer.slice(0));
    expect(Buffer.from((w.get("conv2_2").bias.dataSync() as Float32Array).buffer).equals(Buffer.from(raw.buffer, raw.byteLength - 512))).toBe(true);
    expect(w.names).toHaveLength(13);
    // The kept download loads as it is, too (the layers model, checked against the table).
    const kept2 = await loadWeightsFromFolder(githubDownloadDir(tmp.dir), { shardTable: table });
    expect(Buffer.from((kept2.get("conv2_2").bias.dataSync() as Float32Array).buffer).equals(Buffer.from(raw.buffer, raw.byteLength - 512))).toBe(true);
    expect(kept2.names).toEqual(w.names);
    kept2.dispose();
    w.dispose();
  });

  it("is what ensureWeights (npm run demo, the CLI) tries first", async () => {
    server.fault = null;
    server.requests.length = 0;
    const out = join(tmp.dir, "ensure");
    const log: string[] = [];
    expect(await ensureWeights("full", out, { log: (l) => log.push(l), githubUrl: server.base, table, url: "http://127.0.0.1:9/never.h5" })).toBe(join(out, "full"));
    expect(log[0]).toMatch(/^No full weights in .*; downloading the VGG19 weights \(52 MB\) from http:\/\/127\.0\.0\.1:\d+\/.* and converting them…$/);
    expect(server.requests).toHaveLength(23);
  });
});
