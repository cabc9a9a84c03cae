/**
 * An earlier result is selected: how it was made (the panel's settings were set to these), and
 * which of its sources are gone from the document.
 */
import type { Recall } from "../../shared/layers";
import { DETAIL_CHOICES, detailOf } from "../run/detail-choices";
import { sizeName } from "../run/size-choices";
import { networkName } from "./NetworkChoice";

/** "The content layer “Photo” was deleted" / "The style layer “Paint” was deleted", one sentence per missing source. */
export function missingText(recall: Recall): string[] {
  const p = recall.params;
  return [
    ...(recall.contentGone ? [`The content layer “${p.contentName}” was deleted, so this result cannot be updated.`] : []),
    ...recall.goneStyles.map((i) => `The style layer “${p.styleNames[i]}” was deleted: Update uses the styles still there.`),
  ];
}

/** True when the result's content layer is gone (nothing to re-run from). */
export const contentMissing = (recall: Recall): boolean => recall.contentGone;

/** "Balanced", or "Custom" where the record's settings match no Detail choice. */
function detailName(p: Recall["params"]): string {
  const shown = detailOf(p);
  return DETAIL_CHOICES.find((c) => c.name === shown)?.label ?? "Custom";
}

export function RecallNote({ recall }: { recall: Recall }) {
  const p = recall.params;
  const styles = p.styleNames.map((n, i) => (p.styleNames.length > 1 ? `${n} (${p.styleWeights[i] ?? 1})` : n)).join(", ");
  return (
    <section class="recall" aria-label="Earlier result">
      <h2 class="section-title">Earlier result</h2>
      <dl class="recall-params">
        <dt>Content</dt>
        <dd>{p.contentName}</dd>
        <dt>Styles</dt>
        <dd>{styles}</dd>
        <dt>Strength</dt>
        <dd>{Math.round(p.strength * 100)} %</dd>
        <dt>Detail</dt>
        <dd>
          {detailName(p)} ({networkName(p.preset)} network, {p.iterations} {p.iterations === 1 ? "step" : "steps"})
        </dd>
        <dt>Size</dt>
        <dd>{sizeName(p.size)}</dd>
        <dt>Colours</dt>
        <dd>{p.preserveColors ? "The content’s, kept" : "From the style"}</dd>
        <dt>Brush size</dt>
        <dd>{Math.round(p.styleScale * 100)} %</dd>
        <dt>Seed</dt>
        <dd>{p.seed}</dd>
        <dt>Placed as</dt>
        <dd>{recall.mode === "fill" ? "A fill on the layer" : "A new layer"}</dd>
      </dl>
      {missingText(recall).map((t) => (
        <p key={t} class="message warn" data-missing>
          {t}
        </p>
      ))}
    </section>
  );
}
