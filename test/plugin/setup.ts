/** Shared set-up for sandbox tests: a fresh emulated `figma` per test and typed access to what the plugin posted. */
import { createFigmaEmulation, installFigma, type FigmaEmulation } from "../emulation/figma/figma-api";
import { handleMessage, openSession } from "../../src/plugin/controller";
import { parseSandboxMessage, type SandboxToUi, type UiToSandbox } from "../../src/shared/protocol";
import type { PlaceRequest } from "../../src/shared/layers";
import type { ResultParams } from "../../src/shared/result-params";
import { solidPng, type EmuNode } from "../emulation/figma/nodes";

export function freshFigma(): FigmaEmulation {
  const emu = createFigmaEmulation();
  installFigma(emu);
  openSession(); // the plugin opens: nothing handed out yet
  return emu;
}

/**
 * The user selects these layers and the sandbox lists them to the panel (as it does on every
 * selection change), which is what lets the panel export and restyle them; the selection is then
 * put back as it was.
 */
export async function handOut(emu: FigmaEmulation, ...nodes: EmuNode[]): Promise<void> {
  const before = emu.figma.currentPage.selection as unknown as EmuNode[];
  emu.select(...nodes);
  await send(emu, { type: "ready" });
  emu.select(...before);
}

/** Hands out the content and style layers a request names (see handOut). */
export async function handOutFor(emu: FigmaEmulation, req: { contentId: string; styleIds: readonly string[] }): Promise<void> {
  await handOut(emu, ...emu.allNodes().filter((n) => n.id === req.contentId || req.styleIds.includes(n.id)));
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

/** A complete ResultParams as the panel records it (names as the user saw them). */
export function resultParams(extra: Partial<ResultParams> = {}): ResultParams {
  return {
    strength: 0.5,
    preset: "lite",
    size: 0,
    iterations: 60,
    preserveColors: false,
    styleScale: 1,
    styleWeights: [1],
    seed: 7,
    contentName: "Photo",
    styleNames: ["Starry"],
    ...extra,
  };
}

/** A place request for `content` with these style ids and a real PNG of 48×36. */
export function placeRequest(content: { id: string; name: string }, styleIds: string[], extra: Partial<PlaceRequest> = {}): PlaceRequest {
  return {
    contentId: content.id,
    styleIds,
    png: solidPng(48, 36),
    width: 48,
    height: 36,
    name: `${content.name} · style`,
    params: { ...resultParams({ contentName: content.name }) },
    ...extra,
  };
}
