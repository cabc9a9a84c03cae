/**
 * The meeting point of the page and an engine bundle run on the panel's thread (the fallback when
 * no worker may start): the bundle leaves a function under this global name, the page hands it one
 * end of a MessageChannel. Only a name and a type, so neither bundle pulls in the other's code.
 */
export const PAGE_ENGINE_KEY = "__restyleServeEngine";

export type PageEngineGlobal = { [PAGE_ENGINE_KEY]?: (port: MessagePort) => void };
