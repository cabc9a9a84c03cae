/**
 * Connects a PhotopeaChannel to a FakePhotopea inside Node: what the plugin posts reaches the fake
 * asynchronously (as postMessage does) and the fake's replies come back as message events from
 * Photopea's origin and the parent window.
 */
import { PNG } from "pngjs";
import { PhotopeaChannel, type MessageLike } from "../../../src/ui/hosts/photopea-channel";
import { PHOTOPEA_ORIGINS } from "../../../src/ui/hosts/photopea-origin";
import { FakePhotopea, type PngCodec, type Rgba } from "./fake-photopea";

export const nodeCodec: PngCodec = {
  async decode(png) {
    const p = PNG.sync.read(Buffer.from(png));
    return { width: p.width, height: p.height, data: new Uint8Array(p.data) };
  },
  async encode(img: Rgba) {
    const p = new PNG({ width: img.width, height: img.height });
    p.data = Buffer.from(img.data);
    return new Uint8Array(PNG.sync.write(p));
  },
};

export function encodePng(img: Rgba): Uint8Array {
  const p = new PNG({ width: img.width, height: img.height });
  p.data = Buffer.from(img.data);
  return new Uint8Array(PNG.sync.write(p));
}

export function decodePng(png: Uint8Array): Rgba {
  const p = PNG.sync.read(Buffer.from(png));
  return { width: p.width, height: p.height, data: new Uint8Array(p.data) };
}

export class FakeWindow {
  private listeners = new Set<(e: MessageLike) => void>();
  addEventListener(_t: "message", fn: (e: MessageLike) => void): void {
    this.listeners.add(fn);
  }
  removeEventListener(_t: "message", fn: (e: MessageLike) => void): void {
    this.listeners.delete(fn);
  }
  dispatch(e: MessageLike): void {
    for (const l of [...this.listeners]) l(e);
  }
}

export interface Bridge {
  fake: FakePhotopea;
  channel: PhotopeaChannel;
  plugin: FakeWindow;
  parent: { postMessage(m: string, origin: string): void; posted: string[] };
}

export function connect(opts: { timeoutMs?: number; placeDelayMs?: number } = {}): Bridge {
  const plugin = new FakeWindow();
  const posted: string[] = [];
  const parent = {
    posted,
    postMessage(m: string, origin: string) {
      posted.push(origin);
      setTimeout(() => fake.receive(m), 0);
    },
  };
  const fake = new FakePhotopea({
    codec: nodeCodec,
    placeDelayMs: opts.placeDelayMs ?? 30,
    post: (m) => setTimeout(() => plugin.dispatch({ origin: PHOTOPEA_ORIGINS[0], source: parent, data: m }), 0),
  });
  const channel = new PhotopeaChannel({ target: parent, events: plugin, origins: PHOTOPEA_ORIGINS, timeoutMs: opts.timeoutMs ?? 2000 });
  return { fake, channel, plugin, parent };
}
