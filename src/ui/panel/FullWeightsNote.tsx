/**
 * Under the Detail choice when the detailed network (Full) is picked (Finest, or Advanced → Network): how much Full downloads before it does (and whether
 * this page keeps it), and, where the page's origin keeps a copy, the control that forgets it.
 */
import { useEffect, useState } from "preact/hooks";
import { help } from "./control-help";
import { canKeepDownloadedWeights, forgetDownloadedWeights, fullDownloadNote } from "../../weights/browser/full-weights";

export function FullWeightsNote({ disabled }: { disabled: boolean }) {
  const [kept, setKept] = useState<boolean | null>(null);
  const [forgotten, setForgotten] = useState(false);
  useEffect(() => {
    let alive = true;
    void canKeepDownloadedWeights().then((k) => alive && setKept(k));
    return () => {
      alive = false;
    };
  }, []);
  if (kept === null) return null;
  return (
    <p class="message hint full-weights-note">
      {fullDownloadNote(kept)}{" "}
      {kept ? (
        <button
          type="button"
          class="link"
          name="forgetWeights"
          disabled={disabled || forgotten}
          {...help("forgetNetwork")}
          onClick={() => void forgetDownloadedWeights().then(() => setForgotten(true))}
        >
          {forgotten ? "Forgotten." : "Forget the downloaded network"}
        </button>
      ) : null}
    </p>
  );
}
