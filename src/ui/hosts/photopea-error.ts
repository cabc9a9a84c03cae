/**
 * What goes wrong talking to Photopea, in the user's words: a PhotopeaError's message is shown as
 * is; `detail` says what exactly happened, for logs and tests.
 */
import { isObj } from "../../kit/guards";
import { ChannelError, type Reply } from "./photopea-channel";

export class PhotopeaError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = "PhotopeaError";
  }
}

/** Runs a channel call, turning transport errors into user-facing ones. */
export async function callPhotopea(fn: () => Promise<Reply>): Promise<Reply> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ChannelError) throw new PhotopeaError(e.message, `${e.code}: ${e.detail ?? ""}`);
    throw e;
  }
}

/** Throws the user-facing error a script reported (it answers `{error: …}`), or for a reply of the wrong shape. */
export function throwIfScriptError(v: unknown, layerName: string): void {
  if (!isObj(v)) throw new PhotopeaError("Photopea sent an unexpected reply. Nothing was changed.", JSON.stringify(v)?.slice(0, 200));
  if (v.error === "stale") throw new PhotopeaError(`“${layerName}” moved or was renamed. Pick the layers again.`, "stale");
  if (v.error === "empty") throw new PhotopeaError(`“${layerName}” is empty: there is nothing to stylise.`, "empty");
  if (typeof v.error === "string") throw new PhotopeaError("Photopea could not do that. Nothing was changed.", v.error);
}
