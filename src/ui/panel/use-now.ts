/** performance.now(), read again every `everyMs` while `active`: for figures that count down between reports. */
import { useEffect, useState } from "preact/hooks";

export function useNow(active: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(performance.now()), everyMs);
    return () => clearInterval(id);
  }, [active, everyMs]);
  return now;
}
