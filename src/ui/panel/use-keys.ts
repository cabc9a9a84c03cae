import { useEffect, useRef } from "preact/hooks";

/** Controls that give Enter a meaning of their own (activate, open, expand): Enter there is theirs. */
const OWN_ENTER = "button, a[href], select, textarea, summary, [role='button']";

/**
 * The panel's keys, anywhere in it: Enter runs (or places what is under review), Escape cancels
 * a run (or discards what is under review). A field being edited is committed first, so Enter in
 * a number field runs with the number just typed.
 */
export function useKeys(handlers: { onEnter: () => void; onEscape: () => void }): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target instanceof Element ? e.target : null;
      if (e.key === "Escape") {
        latest.current.onEscape();
        return;
      }
      if (e.key !== "Enter" || target?.closest(OWN_ENTER)) return;
      e.preventDefault();
      if (target instanceof HTMLInputElement) target.blur(); // fires its change event now
      // After the change has re-rendered the panel with the committed value.
      setTimeout(() => latest.current.onEnter(), 0);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
}
