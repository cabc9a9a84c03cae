/** One result of a batch, checked and ready to go into the document (see place-batch.ts). */
export interface PreparedStep {
  /** Makes the change with the result's image, or throws having changed nothing. */
  apply(imageHash: string): PlacedStep;
}

export interface PlacedStep {
  /** The result's id for the panel: the new or updated layer, or the content that took the fill. */
  id: string;
  /** What to select afterwards. */
  node: SceneNode;
  /** Takes the change back exactly (a failure later in the batch calls it). */
  undo(): void;
}

/** Runs an undo and says whether it worked: a failure while putting things back must not hide the first one. */
export function tryUndo(undo: () => void): boolean {
  try {
    undo();
    return true;
  } catch {
    return false;
  }
}
