/** A FigmaHost wired to the real sandbox code (src/plugin/controller.ts) as Figma wires them: a structured clone each way. */
import { handleMessage } from "../../../src/plugin/controller";
import type { UiToSandbox } from "../../../src/shared/protocol";
import { FigmaHost } from "../../../src/ui/hosts/figma";
import type { FigmaEmulation } from "./figma-api";

export function connectHost(emu: FigmaEmulation, timeoutMs: number): FigmaHost {
  const listeners: Array<(e: MessageEvent) => void> = [];
  const parent = {} as MessageEventSource;
  const source = {
    addEventListener: (_t: string, l: (e: MessageEvent) => void) => listeners.push(l),
    removeEventListener: () => undefined,
  } as unknown as Pick<Window, "addEventListener" | "removeEventListener">;
  return new FigmaHost({
    source,
    sender: parent,
    timeoutMs,
    post: (m: UiToSandbox) => {
      const before = emu.toUi.length;
      void handleMessage(structuredClone(m)).then(() =>
        emu.toUi.slice(before).forEach((pluginMessage) => listeners.forEach((l) => l({ source: parent, data: { pluginMessage } } as MessageEvent))),
      );
    },
  });
}
