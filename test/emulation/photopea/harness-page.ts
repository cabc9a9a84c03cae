/**
 * Browser side of the Photopea emulator: the parent page that iframes the real dist/photopea page
 * and plays Photopea for it (a FakePhotopea with a canvas PNG codec). Tests drive it through
 * `window.emu` with page.evaluate.
 */
import { FakePhotopea, type FaultName, type LayerSpec, type PngCodec, type Rgba, type Behaviour } from "./fake-photopea";

export interface HarnessLayer {
  name: string;
  kind?: LayerSpec["kind"];
  x?: number;
  y?: number;
  /** A file under /fixtures/ on the harness server. */
  fixture?: string;
  /** Or a solid colour of this size. */
  solid?: { width: number; height: number; rgba: [number, number, number, number] };
  visible?: boolean;
  background?: boolean;
  children?: HarnessLayer[];
}

export interface HarnessSpec {
  pluginUrl: string;
  pluginOrigin: string;
  document: { name: string; width: number; height: number; layers: HarnessLayer[]; active?: string } | null;
  placeDelayMs?: number;
  behaviour?: Behaviour;
}

const codec: PngCodec = {
  async decode(png) {
    const bmp = await createImageBitmap(new Blob([png.slice().buffer as ArrayBuffer], { type: "image/png" }), {
      premultiplyAlpha: "none",
      colorSpaceConversion: "none",
    });
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = c.getContext("2d")!;
    ctx.drawImage(bmp, 0, 0);
    const d = ctx.getImageData(0, 0, bmp.width, bmp.height);
    return { width: d.width, height: d.height, data: new Uint8Array(d.data.buffer) };
  },
  async encode(img) {
    const c = new OffscreenCanvas(img.width, img.height);
    c.getContext("2d")!.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
    return new Uint8Array(await (await c.convertToBlob({ type: "image/png" })).arrayBuffer());
  },
};

async function toSpec(l: HarnessLayer): Promise<LayerSpec> {
  let image: Rgba | null = null;
  if (l.fixture) image = await codec.decode(new Uint8Array(await (await fetch(`/fixtures/${l.fixture}`)).arrayBuffer()));
  else if (l.solid) {
    const { width, height, rgba } = l.solid;
    const data = new Uint8Array(width * height * 4);
    for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
    image = { width, height, data };
  }
  return {
    name: l.name,
    kind: l.kind,
    x: l.x,
    y: l.y,
    image,
    visible: l.visible,
    background: l.background,
    children: l.children ? await Promise.all(l.children.map(toSpec)) : undefined,
  };
}

let fake: FakePhotopea | null = null;

const emu = {
  async start(spec: HarnessSpec): Promise<void> {
    const iframe = document.createElement("iframe");
    iframe.width = "360";
    iframe.height = "720";
    fake = new FakePhotopea({ codec, placeDelayMs: spec.placeDelayMs, post: (m) => iframe.contentWindow?.postMessage(m, spec.pluginOrigin) });
    if (spec.behaviour) fake.behaviour = spec.behaviour;
    if (spec.document) {
      const d = spec.document;
      fake.openDocument(d.name, d.width, d.height, await Promise.all(d.layers.map(toSpec)), d.active);
    }
    window.addEventListener("message", (e) => {
      // Photopea answers only its plugin frame.
      if (e.source !== iframe.contentWindow || e.origin !== spec.pluginOrigin) return;
      fake?.receive(e.data);
    });
    iframe.src = spec.pluginUrl;
    document.body.append(iframe);
  },
  state() {
    return fake!.state();
  },
  fault(name: FaultName, on: boolean) {
    if (on) fake!.app.faults.add(name);
    else fake!.app.faults.delete(name);
  },
  scriptsRun() {
    return fake!.scriptsRun;
  },
  /** DOM properties the plugin's scripts read that Photopea lacks. */
  unsupported() {
    return [...fake!.app.unsupported];
  },
  /** RGBA of a layer of the active document, by name (for pixel assertions). */
  layerPixels(name: string): { width: number; height: number; data: number[] } | null {
    const find = (ls: typeof fake extends null ? never : NonNullable<typeof fake>["app"]["documents"][number]["layers"]): (typeof ls)[number] | null => {
      for (const l of ls) {
        if (l.name === name) return l;
        const c = l.kids ? find(l.kids) : null;
        if (c) return c;
      }
      return null;
    };
    const l = find(fake!.app.activeDocument!.layers);
    return l?.img ? { width: l.img.width, height: l.img.height, data: Array.from(l.img.data) } : null;
  },
};

declare global {
  interface Window {
    emu: typeof emu;
  }
}
window.emu = emu;
