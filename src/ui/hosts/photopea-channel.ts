/**
 * Photopea's live-messaging transport, as the plugin page sees it: scripts go to `window.parent`
 * with postMessage; Photopea answers with strings (app.echoToOE), ArrayBuffers (saveToOE) and
 * "done" once it has processed a message. One request is in flight at a time; each has a timeout.
 *
 * Every message from the parent is checked: origin in the allowed set, source = the parent
 * window, data a string or an ArrayBuffer. Replies count only between the current request's
 * begin and end markers (see photopea-scripts.ts), so a late reply to a timed-out request, a
 * stray "done" (Photopea sends one when it starts) or another tool's messages are ignored.
 */
import { REPLY_PREFIX } from "./photopea-scripts";

export interface ChannelTarget {
  postMessage(message: string, targetOrigin: string): void;
}

export interface MessageLike {
  origin: string;
  source: unknown;
  data: unknown;
}

export interface MessageEvents {
  addEventListener(type: "message", fn: (e: MessageLike) => void): void;
  removeEventListener(type: "message", fn: (e: MessageLike) => void): void;
}

export interface ChannelOptions {
  /** Where scripts go (window.parent). Replies must come from this same object. */
  target: ChannelTarget;
  /** Where replies arrive (the plugin page's window). */
  events: MessageEvents;
  /** Origins replies may come from; the first is where scripts are posted. */
  origins: readonly string[];
  timeoutMs?: number;
  /** For tests: a deterministic nonce source. */
  nonce?: () => string;
}

export interface Reply {
  /** JSON values the script echoed with out(…), in order. */
  values: unknown[];
  /** ArrayBuffers (saveToOE) received between the begin marker and "done". */
  buffers: ArrayBuffer[];
}

export type ChannelErrorCode = "timeout" | "script" | "closed";

export class ChannelError extends Error {
  constructor(
    readonly code: ChannelErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = "ChannelError";
  }
}

interface Pending {
  nonce: string;
  begun: boolean;
  ended: boolean;
  error: string | null;
  values: unknown[];
  buffers: ArrayBuffer[];
  resolve(r: Reply): void;
  reject(e: Error): void;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** A reply larger than this is refused (a 16k×16k PNG is well under it). */
const MAX_BUFFER_BYTES = 512 * 1024 * 1024;

export class PhotopeaChannel {
  private readonly opts: ChannelOptions;
  private queue: Promise<unknown> = Promise.resolve();
  private pending: Pending | null = null;
  private closed = false;
  private counter = 0;
  /** Messages refused (wrong origin, source or shape): for diagnostics and tests. */
  rejected = 0;
  private readonly onMessage = (e: MessageLike) => this.handle(e);

  constructor(opts: ChannelOptions) {
    if (!opts.origins.length) throw new Error("PhotopeaChannel needs at least one allowed origin");
    this.opts = opts;
    opts.events.addEventListener("message", this.onMessage);
  }

  /** Runs one script (built from a nonce, see wrapScript) after the requests before it; resolves on "done". */
  run(build: (nonce: string) => string, timeoutMs?: number): Promise<Reply> {
    const next = this.queue.then(() => this.runNow(build, timeoutMs ?? this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS));
    // The queue continues whether this request succeeds or fails.
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.closed = true;
    this.opts.events.removeEventListener("message", this.onMessage);
    this.pending?.reject(new ChannelError("closed", "The Restyle panel was closed."));
    this.pending = null;
  }

  private nextNonce(): string {
    if (this.opts.nonce) return this.opts.nonce();
    this.counter += 1;
    return `${this.counter.toString(36)}${Math.random().toString(36).slice(2, 10)}`.replace(/[^a-z0-9]/g, "");
  }

  private runNow(build: (nonce: string) => string, timeoutMs: number): Promise<Reply> {
    if (this.closed) return Promise.reject(new ChannelError("closed", "The Restyle panel was closed."));
    const nonce = this.nextNonce();
    const script = build(nonce);
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.pending?.nonce !== nonce) return;
        this.pending = null;
        reject(
          new ChannelError(
            "timeout",
            "Photopea did not answer in time. Close and reopen the Restyle panel, then try again.",
            `no reply within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.pending = {
        nonce,
        begun: false,
        ended: false,
        error: null,
        values: [],
        buffers: [],
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.opts.target.postMessage(script, this.opts.origins[0]);
    });
  }

  private handle(e: MessageLike): void {
    if (!this.opts.origins.includes(e.origin) || e.source !== this.opts.target) {
      this.rejected += 1;
      return;
    }
    const p = this.pending;
    const data = e.data;
    if (typeof data === "string") {
      if (data === "done") {
        // Only the "done" that follows this request's end marker finishes it.
        if (p && p.ended) {
          this.pending = null;
          if (p.error !== null) p.reject(new ChannelError("script", "Photopea could not run Restyle's script.", p.error));
          else p.resolve({ values: p.values, buffers: p.buffers });
        }
        return;
      }
      if (!data.startsWith(REPLY_PREFIX)) return; // another tool's message (Photopea pings, etc.)
      if (!p || !data.startsWith(`${REPLY_PREFIX}${p.nonce}:`)) return; // a stale reply
      this.onTagged(p, data.slice(REPLY_PREFIX.length + p.nonce.length + 1));
      return;
    }
    if (data instanceof ArrayBuffer) {
      // Between this request's begin marker and its "done" (saveToOE may post after the end marker).
      if (p && p.begun && data.byteLength <= MAX_BUFFER_BYTES) p.buffers.push(data);
      else this.rejected += 1;
      return;
    }
    this.rejected += 1;
  }

  private onTagged(p: Pending, rest: string): void {
    if (rest === "begin") {
      p.begun = true;
    } else if (!p.begun) {
      return;
    } else if (rest === "end") {
      p.ended = true;
    } else if (rest.startsWith("error:")) {
      p.error = rest.slice(6).slice(0, 500);
    } else if (rest.startsWith("data:")) {
      try {
        p.values.push(JSON.parse(rest.slice(5)));
      } catch {
        p.error = "malformed reply";
      }
    }
  }
}
