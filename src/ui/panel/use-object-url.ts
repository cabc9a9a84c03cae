import { useEffect, useState } from "preact/hooks";

/**
 * A blob: URL for an image (a Blob as it is, bytes as PNG unless told), revoked when the image
 * changes or the component goes away. The panel and the standalone page both show images this way.
 */
export function useObjectUrl(image: Blob | Uint8Array | null | undefined, type = "image/png"): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!image) return setUrl(undefined);
    const u = URL.createObjectURL(image instanceof Blob ? image : new Blob([image as BlobPart], { type }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [image, type]);
  return url;
}
