/**
 * Records every document change the sandbox makes and groups them into undo steps the way
 * figma.commitUndo() does ("commits actions to undo history"; plugin actions not yet committed
 * are one step with whatever comes next), so tests can assert "one undo removes the result and
 * nothing else" and can actually press undo: each change carries how to revert it.
 */
export interface Change {
  nodeId: string;
  what: string;
  /** Puts back what this change replaced. */
  revert: () => void;
}

export class Journal {
  /** Changes since the last commitUndo. */
  pending: Change[] = [];
  /** Committed undo steps, oldest first. */
  readonly steps: Change[][] = [];
  commits = 0;
  /** True while an undo runs: reverting is not itself a change to record. */
  private undoing = false;

  touch(nodeId: string, what: string, revert: () => void): void {
    if (!this.undoing) this.pending.push({ nodeId, what, revert });
  }

  commit(): void {
    this.commits++;
    this.steps.push(this.pending);
    this.pending = [];
  }

  /** A change the user makes in Figma between plugin actions: its own undo step, not a commitUndo. */
  userStep(change: () => void): void {
    if (this.pending.length) throw new Error("the plugin has uncommitted changes");
    change();
    this.steps.push(this.pending);
    this.pending = [];
  }

  /**
   * The user's Undo: reverts the document to the commit point before the last step. Uncommitted
   * changes count as the newest step (Figma undoes them first).
   */
  undo(): Change[] {
    const step = this.pending.length ? this.pending : this.steps.pop();
    if (this.pending.length) this.pending = [];
    if (!step) throw new Error("nothing to undo");
    this.undoing = true;
    try {
      for (const c of [...step].reverse()) c.revert();
    } finally {
      this.undoing = false;
    }
    return step;
  }

  /** Every change so far, committed or not. */
  all(): Change[] {
    return [...this.steps.flat(), ...this.pending];
  }
}
