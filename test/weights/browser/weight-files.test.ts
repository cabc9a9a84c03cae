// The built-in Lite bundle as the page turns it into files: shards longer than one decoding slice
// come out byte for byte (the slices meet on 4-character boundaries), and damage is still refused.
import { afterEach, describe, expect, it } from "vitest";
import { forgetWeightFiles, liteWeightFiles } from "../../../src/weights/browser/weight-files";
import { setLiteWeights } from "../../helpers/lite-weights-stub";

afterEach(() => {
  forgetWeightFiles();
  setLiteWeights(null);
});

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7919 + (i >> 8)) & 0xff);
const manifest = { format: "restyle-vgg19", preset: "lite" } as never;

describe("liteWeightFiles", () => {
  it("decodes shards of one, several and a partial slice byte for byte", async () => {
    // 256 Ki base64 characters a slice = 196,608 bytes: one slice, exactly two, and two and a bit.
    const shards = { "a.bin": bytes(1000), "b.bin": bytes(2 * 196_608), "c.bin": bytes(2 * 196_608 + 1) };
    setLiteWeights({ manifest, shards: Object.fromEntries(Object.entries(shards).map(([n, b]) => [n, Buffer.from(b).toString("base64")])) });
    const files = await liteWeightFiles();
    for (const [n, b] of Object.entries(shards)) expect(Buffer.from(files.get(n)!).equals(Buffer.from(b)), n).toBe(true);
    expect(JSON.parse(new TextDecoder().decode(files.get("manifest.json")))).toEqual(manifest);
  });

  it("refuses a damaged shard with a sentence naming it", async () => {
    setLiteWeights({ manifest, shards: { "a.bin": "AAAA".repeat(70_000) + "!AAA" } });
    await expect(liteWeightFiles()).rejects.toMatchObject({ code: "weights-corrupt", message: expect.stringContaining("a.bin") });
  });
});
