/** The pinned Full weights folder, PINNED_BASE_URL of src/engine/weights/pinned-source.ts. */
export declare function pinnedWeightsUrl(root: string): Promise<string>;
