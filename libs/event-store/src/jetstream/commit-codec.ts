import { headers as natsHeaders, type MsgHdrs } from 'nats';
import type { PreparedCommit, StoredEvent } from '../commit';
import { toRecorded } from '../commit';
import type { RecordedEvent } from '../event-store';
import { positionOf } from '../positions';
import type { CommitSummary } from '../stream-heads';

/**
 * A commit is one JetStream message: body = JSON `{ streamId, events }` (the stored, hashed form);
 * headers carry what appending needs without parsing the body.
 */
export const COMMIT_HEADERS = {
  commandId: 'Banat-Command-Id',
  firstRevision: 'Banat-First-Revision',
  eventCount: 'Banat-Event-Count',
  lastHash: 'Banat-Last-Hash',
} as const;

interface CommitBody {
  streamId: string;
  events: StoredEvent[];
}

/** A stored commit as read back: from a direct get or a consumer. */
export interface CommitMessage {
  seq: number;
  headers: MsgHdrs;
  data: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeCommit(commit: PreparedCommit): { headers: MsgHdrs; body: Uint8Array } {
  const headers = natsHeaders();
  headers.set(COMMIT_HEADERS.commandId, commit.commandId);
  headers.set(COMMIT_HEADERS.firstRevision, String(commit.firstRevision));
  headers.set(COMMIT_HEADERS.eventCount, String(commit.events.length));
  headers.set(COMMIT_HEADERS.lastHash, commit.lastHash);
  const body: CommitBody = { streamId: commit.streamId, events: commit.events };
  return { headers, body: encoder.encode(JSON.stringify(body)) };
}

export function summaryOf(message: CommitMessage): CommitSummary {
  const count = Number(message.headers.get(COMMIT_HEADERS.eventCount));
  return {
    commandId: message.headers.get(COMMIT_HEADERS.commandId),
    firstRevision: Number(message.headers.get(COMMIT_HEADERS.firstRevision)),
    count,
    lastPosition: positionOf(message.seq, count - 1),
    lastHash: message.headers.get(COMMIT_HEADERS.lastHash),
    cursor: message.seq,
  };
}

/** The commit's events as stored (not upcast), with revisions and positions. */
export function eventsOf(message: CommitMessage): RecordedEvent[] {
  const body = JSON.parse(decoder.decode(message.data)) as CommitBody;
  const firstRevision = Number(message.headers.get(COMMIT_HEADERS.firstRevision));
  return body.events.map((event, index) => toRecorded(body.streamId, event, firstRevision + index, positionOf(message.seq, index)));
}
