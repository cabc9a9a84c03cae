/**
 * Results made but not yet in the document: after a run when "Review before placing" is on, and
 * after a batch cancelled part-way (its finished results are kept, none placed). Place puts them
 * all in as one step; Discard (or Escape) drops them.
 */
import { useState } from "preact/hooks";
import type { Finished } from "../run/run-job";
import { Compare } from "./Compare";
import { help } from "./control-help";

interface Props {
  finished: readonly Finished[];
  /** Set when a batch was cancelled: how many contents it had. */
  cancelledOf?: number;
  onPlace: () => void;
  onDiscard: () => void;
}

export function Review({ finished, cancelledOf, onPlace, onDiscard }: Props) {
  const [shown, setShown] = useState(0);
  const n = finished.length;
  const current = finished[Math.min(shown, n - 1)];
  const text =
    cancelledOf !== undefined
      ? `Cancelled after ${n} of ${cancelledOf} layers. Nothing was added to the document: place the ${n === 1 ? "finished result" : `${n} finished results`}, or discard ${n === 1 ? "it" : "them"}.`
      : n === 1
        ? "Review the result: it reaches the document only when you place it."
        : `${n} results are ready: they reach the document only when you place them.`;
  const place = cancelledOf !== undefined ? `Place ${n} finished` : n === 1 ? "Place" : `Place ${n} results`;
  return (
    <section class="review" aria-label="Review" data-count={n}>
      <p class="message">{text}</p>
      {n > 1 ? (
        <div class="review-pick" role="group" aria-label="Result to show">
          {finished.map((f, i) => (
            <button
              key={f.request.contentId}
              type="button"
              class={i === shown ? "on" : ""}
              aria-pressed={i === shown}
              onClick={() => setShown(i)}
              {...help("pickResult", f.request.name)}
            >
              {i + 1}
            </button>
          ))}
        </div>
      ) : null}
      <p class="review-name" title={current.request.name}>
        {current.request.name}
      </p>
      <Compare key={current.request.contentId} image={current.image} original={current.inputs.content} label="Result" />
      <div class="actions">
        <button type="button" class="secondary" onClick={onDiscard} {...help("discard")}>
          Discard
        </button>
        <button type="button" class="primary" onClick={onPlace} {...help("place")}>
          {place}
        </button>
      </div>
    </section>
  );
}

/** The review of these results; a new set of results starts a fresh review (back at the first). */
export function PendingReview({
  pending,
  onPlace,
  onDiscard,
}: {
  pending: Pick<Props, "finished" | "cancelledOf">;
  onPlace: () => void;
  onDiscard: () => void;
}) {
  return (
    <Review
      key={pending.finished.map((f) => f.request.contentId).join()}
      finished={pending.finished}
      cancelledOf={pending.cancelledOf}
      onPlace={onPlace}
      onDiscard={onDiscard}
    />
  );
}
