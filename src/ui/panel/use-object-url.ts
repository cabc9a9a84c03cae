import { useEffect, useState } from "preact/hooks";

/** A blob: URL for image bytes (PNG unless told), revoked when the bytes change or the component goes away. */
export function useObjectUrl(bytes: Uint8Array | undefined, type = "image/png"): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!bytes) return setUrl(undefined);
    const u = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [bytes, type]);
  return url;
}
