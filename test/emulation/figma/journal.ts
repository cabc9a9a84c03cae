/**
 * Records every document change the sandbox makes and groups them into undo steps the way
 * figma.commitUndo() does, so tests can assert "one undo removes the result and nothing else".
 */
export interface Change {
  nodeId: string;
  what: string;
}

export class Journal {
  /** Changes since the last commitUndo. */
  pending: Change[] = [];
  /** Committed undo steps, oldest first. */
  readonly steps: Change[][] = [];
  commits = 0;

  touch(nodeId: string, what: string): void {
    this.pending.push({ nodeId, what });
  }

  commit(): void {
    this.commits++;
    this.steps.push(this.pending);
    this.pending = [];
  }

  /** Every change so far, committed or not. */
  all(): Change[] {
    return [...this.steps.flat(), ...this.pending];
  }
}
