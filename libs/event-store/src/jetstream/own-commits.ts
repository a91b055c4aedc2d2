import { toRecorded, type PreparedCommit } from '../commit';
import type { RecordedEvent } from '../event-store';
import { positionOf } from '../positions';

/** Commits kept for the process's subscriptions; beyond it the oldest go (a subscription far behind decodes them). */
export const OWN_COMMITS_KEPT = 4_096;

interface OwnCommit {
  subject: string;
  commit: PreparedCommit;
}

/**
 * The commits this process appended, by their sequence in the history, until its subscription
 * reaches them: the subscription then takes the events from here instead of decoding the message
 * (its headers and JSON body, a third of a projector's CPU per event). They are the same events:
 * the message is encoded from this very commit, whose data is already in the form it reads back in
 * (asStoredData), and a sequence the stream acknowledged for this subject holds nothing else. A
 * sequence not here (another replica's commit, or one dropped to keep the bound) is decoded as before.
 * Events are shared with the appender's caller, as the shared feed shares them between its
 * subscribers: nobody may change them.
 */
export class OwnCommits {
  private readonly commits = new Map<number, OwnCommit>();

  constructor(private readonly kept = OWN_COMMITS_KEPT) {}

  get size(): number {
    return this.commits.size;
  }

  put(seq: number, subject: string, commit: PreparedCommit): void {
    this.commits.set(seq, { subject, commit });
    if (this.commits.size > this.kept) this.commits.delete(this.commits.keys().next().value!);
  }

  /**
   * The commit's events as a subscription reads them, taken (a second subscription decodes the
   * message), or undefined when this sequence is not one of ours on this subject. Commits before
   * `seq` are dropped: the subscription has passed them.
   */
  take(seq: number, subject: string): RecordedEvent[] | undefined {
    const own = this.commits.get(seq);
    for (const older of this.commits.keys()) {
      if (older >= seq) break;
      this.commits.delete(older);
    }
    if (!own) return undefined;
    this.commits.delete(seq);
    if (own.subject !== subject) return undefined;
    const { streamId, firstRevision, events } = own.commit;
    return events.map((event, index) => toRecorded(streamId, event, firstRevision + index, positionOf(seq, index)));
  }

  clear(): void {
    this.commits.clear();
  }
}
