import { GENESIS_HASH } from './hash-chain';

/** What an adapter needs to know about one stored commit to continue the stream after it. */
export interface CommitSummary {
  commandId: string;
  firstRevision: number;
  count: number;
  /** Global position of the commit's last event. */
  lastPosition: number;
  lastHash: string;
  /** Adapter's resume point after this commit (JetStream: its stream sequence). */
  cursor: number;
}

export interface OriginalResult {
  nextExpectedRevision: number;
  position: number;
}

/**
 * Everything this process knows of one stream, complete from its first commit up to `cursor`:
 * its head (revision, hash) and the command ids it holds, for idempotent appends.
 */
export class StreamHead {
  cursor = 0;
  lastRevision = -1;
  lastHash = GENESIS_HASH;
  readonly commands = new Map<string, OriginalResult>();

  /** Adds a commit only if it directly follows `after`, so the head never skips a commit. */
  advance(commit: CommitSummary, after: number): boolean {
    if (this.cursor !== after || commit.cursor <= after) return false;
    this.cursor = commit.cursor;
    this.lastRevision = commit.firstRevision + commit.count - 1;
    this.lastHash = commit.lastHash;
    this.commands.set(commit.commandId, { nextExpectedRevision: this.lastRevision, position: commit.lastPosition });
    return true;
  }

  /** Folds in commits read in order after `start` (a scan); ignores those already known. */
  advanceAll(commits: Iterable<CommitSummary>, start: number): void {
    let after = start;
    for (const commit of commits) {
      this.advance(commit, after);
      after = commit.cursor;
    }
  }
}

/** Least-recently-used heads: bounds memory; an evicted stream is simply rescanned on next use. */
export class StreamHeads {
  private readonly heads = new Map<string, StreamHead>();

  constructor(private readonly capacity = 10_000) {}

  get(streamId: string): StreamHead | undefined {
    const head = this.heads.get(streamId);
    if (head) {
      this.heads.delete(streamId);
      this.heads.set(streamId, head);
    }
    return head;
  }

  set(streamId: string, head: StreamHead): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
  }

  clear(): void {
    this.heads.clear();
  }
}
