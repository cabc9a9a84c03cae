/**
 * Runs `job` over `items`, at most `width` at a time. The first failure stops new jobs from
 * starting (those under way finish), calls `onError` (so the caller can abort the others), and is
 * what the pool throws once every job under way has settled.
 */
export async function runPool<T>(items: readonly T[], width: number, job: (item: T) => Promise<void>, onError: () => void): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (next < items.length && failure === null) {
      const item = items[next++];
      try {
        await job(item);
      } catch (e) {
        if (failure === null) failure = e;
        onError();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  if (failure !== null) throw failure;
}
