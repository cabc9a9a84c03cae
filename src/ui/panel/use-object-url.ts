import { useEffect, useState } from "preact/hooks";

/** A blob: URL for PNG bytes, revoked when the bytes change or the component goes away. */
export function useObjectUrl(bytes: Uint8Array | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!bytes) return setUrl(undefined);
    const u = URL.createObjectURL(new Blob([bytes as BlobPart], { type: "image/png" }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [bytes]);
  return url;
}
