/** Shared set-up for sandbox tests: a fresh emulated `figma` per test and typed access to what the plugin posted. */
import { createFigmaEmulation, installFigma, type FigmaEmulation } from "../emulation/figma/figma-api";
import { handleMessage } from "../../src/plugin/controller";
import { parseSandboxMessage, type SandboxToUi, type UiToSandbox } from "../../src/shared/protocol";

export function freshFigma(): FigmaEmulation {
  const emu = createFigmaEmulation();
  installFigma(emu);
  return emu;
}

/** Sends one panel message to the sandbox and returns what the sandbox posted back, validated. */
export async function send(emu: FigmaEmulation, msg: UiToSandbox): Promise<SandboxToUi[]> {
  const before = emu.toUi.length;
  await handleMessage(msg);
  return emu.toUi.slice(before).map((m) => {
    const parsed = parseSandboxMessage(m);
    if (!parsed) throw new Error(`sandbox posted an invalid message: ${JSON.stringify(m)}`);
    return parsed;
  });
}

export async function sendOne<T extends SandboxToUi["type"]>(emu: FigmaEmulation, msg: UiToSandbox, type: T): Promise<Extract<SandboxToUi, { type: T }>> {
  const out = await send(emu, msg);
  const hit = out.find((m) => m.type === type);
  if (!hit) throw new Error(`expected ${type}, got ${JSON.stringify(out.map((m) => (m.type === "failed" ? m.message : m.type)))}`);
  return hit as Extract<SandboxToUi, { type: T }>;
}
