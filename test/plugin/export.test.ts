import { describe, expect, it } from "vitest";
import { exportSettingsFor } from "../../src/plugin/export";
import { pngSize } from "../../src/kit/png-size";
import { solidPng } from "../emulation/figma/nodes";
import { freshFigma, handOut, sendOne } from "./setup";

describe("export", () => {
  it("caps the long side with WIDTH/HEIGHT, enlarges by at most 2× (the screen density Auto asks for), sRGB PNG of the node's own box", () => {
    expect(exportSettingsFor(2000, 1000, 512)).toEqual({
      format: "PNG",
      colorProfile: "SRGB",
      useAbsoluteBounds: true,
      constraint: { type: "WIDTH", value: 512 },
    });
    expect(exportSettingsFor(1000, 2000, 512).constraint).toEqual({ type: "HEIGHT", value: 512 });
    expect(exportSettingsFor(300, 200, 300).constraint).toEqual({ type: "SCALE", value: 1 });
    // Auto on a 2× screen: a 1440 px frame exported at 2880 px, rendered by Figma rather than enlarged.
    expect(exportSettingsFor(1440, 960, 2880).constraint).toEqual({ type: "WIDTH", value: 2880 });
    expect(exportSettingsFor(300, 200, 450).constraint).toEqual({ type: "WIDTH", value: 450 });
    expect(exportSettingsFor(300, 200, 4096).constraint).toEqual({ type: "WIDTH", value: 600 });
    expect(exportSettingsFor(9000, 100, 100000).constraint).toEqual({ type: "WIDTH", value: 4096 });
  });

  it("posts one image per message as a Uint8Array at the capped size", async () => {
    const emu = freshFigma();
    const node = emu.add("RECTANGLE", "Photo", { width: 200, height: 100 });
    await handOut(emu, node);
    node.exportCalls = []; // the listing's thumbnail
    const msg = await sendOne(emu, { type: "export", requestId: 7, id: node.id, maxSide: 64 }, "exported");
    expect(msg.requestId).toBe(7);
    expect(msg.png).toBeInstanceOf(Uint8Array);
    expect([msg.width, msg.height]).toEqual([64, 32]);
    expect(pngSize(msg.png)).toEqual({ width: 64, height: 32 });
    expect(node.exportCalls).toHaveLength(1);
    expect(node.exportCalls[0].settings.constraint).toEqual({ type: "WIDTH", value: 64 });
    // Exactly one image in the message: no other byte arrays ride along.
    const raw = emu.toUi.at(-1) as Record<string, unknown>;
    expect(Object.values(raw).filter((v) => v instanceof Uint8Array)).toHaveLength(1);
  });

  it("refuses an export that comes out past the limit", async () => {
    const emu = freshFigma();
    const node = emu.add("TEXT", "Huge text", { width: 200, height: 100 });
    await handOut(emu, node);
    node.exportOverride = async () => solidPng(300, 150); // e.g. effects the constraint did not cover
    const msg = await sendOne(emu, { type: "export", requestId: 1, id: node.id, maxSide: 64 }, "failed");
    expect(msg.message).toBe("“Huge text” exported at 300×150 px, past the 64 px limit. Flatten it or pick a smaller layer.");
  });

  it("turns export failures, deleted and hidden layers into plain messages", async () => {
    const emu = freshFigma();
    const broken = emu.add("RECTANGLE", "Broken");
    const gone = emu.add("RECTANGLE", "Gone");
    const hidden = emu.add("RECTANGLE", "Ghost", { visible: false });
    const notPng = emu.add("RECTANGLE", "Jpeg");
    await handOut(emu, broken, gone, hidden, notPng);
    broken.exportOverride = async () => {
      throw new Error("Render failed");
    };
    expect((await sendOne(emu, { type: "export", requestId: 1, id: broken.id, maxSide: 64 }, "failed")).message).toBe(
      "Figma could not export “Broken” (Render failed).",
    );
    gone.remove(); // the user deletes it after selecting it
    emu.journal.pending = []; // set-up, not the plugin's doing
    expect((await sendOne(emu, { type: "export", requestId: 2, id: gone.id, maxSide: 64 }, "failed")).message).toMatch(/no longer exists/);
    expect((await sendOne(emu, { type: "export", requestId: 3, id: hidden.id, maxSide: 64 }, "failed")).message).toMatch(/“Ghost” is hidden/);
    notPng.exportOverride = async () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    expect((await sendOne(emu, { type: "export", requestId: 4, id: notPng.id, maxSide: 64 }, "failed")).message).toMatch(/not a PNG/);
    expect(emu.journal.all()).toEqual([]); // exporting never touches the document
  });
});
