import { describe, expect, it } from "vitest";
import { ChannelError, PhotopeaChannel } from "../../../src/ui/hosts/photopea-channel";
import { PHOTOPEA_ORIGINS } from "../../../src/ui/hosts/photopea-origin";
import { FakeWindow } from "../../emulation/photopea/node-bridge";

const ORIGIN = PHOTOPEA_ORIGINS[0];

/** A parent that records scripts; the test answers by hand. */
function setup(timeoutMs = 300) {
  const plugin = new FakeWindow();
  const sent: Array<{ script: string; origin: string }> = [];
  const parent = { postMessage: (script: string, origin: string) => sent.push({ script, origin }) };
  let n = 0;
  const channel = new PhotopeaChannel({ target: parent, events: plugin, origins: PHOTOPEA_ORIGINS, timeoutMs, nonce: () => `n${++n}` });
  const from = (data: unknown, origin = ORIGIN, source: unknown = parent) => plugin.dispatch({ origin, source, data });
  /** One reply as Photopea echoes it: begin, the middle messages, end, then its own "done". */
  const framed = (nonce: string, ...middle: unknown[]) => {
    from(`restyle:${nonce}:begin`);
    for (const m of middle) from(m);
    from(`restyle:${nonce}:end`);
    from("done");
  };
  const reply = (nonce: string, ...values: unknown[]) => framed(nonce, ...values.map((v) => `restyle:${nonce}:data:${JSON.stringify(v)}`));
  const tick = () => new Promise((r) => setTimeout(r, 5));
  return { channel, sent, from, framed, reply, tick };
}

/** A channel with one request (its script is the nonce) already posted. */
async function running() {
  const t = setup();
  const p = t.channel.run((n) => n);
  await t.tick();
  return { t, p };
}

describe("PhotopeaChannel", () => {
  it("posts the script to Photopea's origin and resolves with the echoed values on done", async () => {
    const t = setup();
    const p = t.channel.run((n) => `script ${n}`);
    await t.tick();
    expect(t.sent).toEqual([{ script: "script n1", origin: ORIGIN }]);
    t.reply("n1", { a: 1 }, [2]);
    await expect(p).resolves.toEqual({ values: [{ a: 1 }, [2]], buffers: [] });
  });

  it("ignores messages from another origin, another window, or of another shape", async () => {
    const { t, p } = await running();
    for (const origin of ["https://evil.example", "null", "https://www.photopea.com.evil.example"]) {
      t.from("restyle:n1:begin", origin);
      t.from('restyle:n1:data:{"x":1}', origin);
      t.from("restyle:n1:end", origin);
      t.from("done", origin);
    }
    t.from("restyle:n1:begin", ORIGIN, {});
    t.from("restyle:n1:end", ORIGIN, {});
    t.from("done", ORIGIN, {});
    t.from({ type: "done" });
    t.from(42);
    t.from(new Uint8Array([1, 2, 3]));
    expect(t.channel.rejected).toBe(3 * 4 + 3 + 3);
    t.reply("n1", "real");
    await expect(p).resolves.toEqual({ values: ["real"], buffers: [] });
  });

  it("needs its own end marker: a stray done (Photopea's start-up one) or stale replies do not finish a request", async () => {
    const { t, p } = await running();
    t.from("done");
    t.from("restyle:n0:begin");
    t.from('restyle:n0:data:"stale"');
    t.from("MSFAPI#ping");
    let settled = false;
    p.then(() => (settled = true));
    await t.tick();
    expect(settled).toBe(false);
    t.reply("n1", "fresh");
    await expect(p).resolves.toEqual({ values: ["fresh"], buffers: [] });
  });

  it("collects ArrayBuffers sent between begin and done only", async () => {
    const { t, p } = await running();
    t.from(new ArrayBuffer(4)); // before begin: from an earlier request
    t.framed("n1", new ArrayBuffer(8));
    const r = await p;
    expect(r.buffers.map((b) => b.byteLength)).toEqual([8]);
  });

  it("serialises requests: the second is posted only after the first is done", async () => {
    const t = setup();
    const a = t.channel.run(() => "A");
    const b = t.channel.run(() => "B");
    await t.tick();
    expect(t.sent.map((s) => s.script)).toEqual(["A"]);
    t.reply("n1", 1);
    await a;
    await t.tick();
    expect(t.sent.map((s) => s.script)).toEqual(["A", "B"]);
    t.reply("n2", 2);
    await expect(b).resolves.toEqual({ values: [2], buffers: [] });
  });

  it("times out with a plain message, and a late reply does not leak into the next request", async () => {
    const t = setup(100);
    const a = t.channel.run(() => "A");
    await expect(a).rejects.toMatchObject({ code: "timeout", message: expect.stringMatching(/did not answer/) });
    const b = t.channel.run(() => "B");
    await t.tick();
    t.reply("n1", "late A"); // the old request's answer arrives now
    t.reply("n2", "B");
    await expect(b).resolves.toEqual({ values: ["B"], buffers: [] });
  });

  it("reports a script error and a malformed reply as errors", async () => {
    const t = setup();
    const a = t.channel.run((n) => n);
    await t.tick();
    t.framed("n1", "restyle:n1:error:TypeError: x is undefined");
    await expect(a).rejects.toBeInstanceOf(ChannelError);
    const b = t.channel.run((n) => n);
    await t.tick();
    t.framed("n2", "restyle:n2:data:{not json");
    await expect(b).rejects.toMatchObject({ code: "script", detail: "malformed reply" });
  });

  it("rejects the request in flight when closed", async () => {
    const t = setup();
    const a = t.channel.run((n) => n);
    await t.tick();
    t.channel.close();
    await expect(a).rejects.toMatchObject({ code: "closed" });
    await expect(t.channel.run((n) => n)).rejects.toMatchObject({ code: "closed" });
  });
});
