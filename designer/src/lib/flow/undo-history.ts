/** Undo and redo over snapshots of the editor's state (a flow draft is small; snapshots are simple and safe). */
export class UndoHistory<Snapshot> {
  private past: Snapshot[] = [];
  private future: Snapshot[] = [];

  /** @param limit Snapshots kept for undo. Default: 100. */
  constructor(private readonly limit = 100) {}

  /** Records the state before a change. */
  record(before: Snapshot): void {
    this.past.push(before);
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** The state to return to, given the current one; undefined when there is nothing to undo. */
  undo(current: Snapshot): Snapshot | undefined {
    const previous = this.past.pop();
    if (previous !== undefined) this.future.push(current);
    return previous;
  }

  redo(current: Snapshot): Snapshot | undefined {
    const next = this.future.pop();
    if (next !== undefined) this.past.push(current);
    return next;
  }
}
