import { headers as natsHeaders, type MsgHdrs } from 'nats';
import type { PreparedCommit, StoredEvent } from '../commit';
import { toRecorded } from '../commit';
import type { RecordedEvent } from '../event-store';
import { positionOf } from '../positions';
import type { CommitSummary } from '../stream-heads';
import { headerValue } from './message-headers';
import { describeSubject, streamSubject } from './subject-encoding';

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

export interface CommitBody {
  streamId: string;
  events: StoredEvent[];
}

/** A stored message as read back (from a direct get or a consumer), before it is known to be a commit. */
export interface StoredMessage {
  seq: number;
  subject: string;
  headers?: MsgHdrs;
  data: Uint8Array;
}

/**
 * A message checked by `inspectCommit`: a commit written by the store, on its own stream's subject,
 * with its body as inspectCommit parsed it (taken by eventsOf: a commit read is parsed once).
 */
export interface CommitMessage extends StoredMessage {
  headers: MsgHdrs;
  body?: CommitBody;
}

/** Why a stored message is not a commit written by the store. */
export type NotACommitKind = 'missing-headers' | 'undecodable' | 'wrong-stream';

/** A message on the history's subjects that is not a commit of the stream its subject names. */
export interface NotACommit {
  seq: number;
  /** The subject as stored. */
  subject: string;
  /** The subject for people: the stream id it names, or the raw subject escaped (describeSubject). */
  under: string;
  kind: NotACommitKind;
  reason: string;
}

export type Inspected = { ok: true; message: CommitMessage; streamId: string } | { ok: false; finding: NotACommit };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The commit as a message: its headers (the commit's own, then `publish`'s, e.g. JetStream's
 * conditions) and body.
 */
export function encodeCommit(commit: PreparedCommit, publish: readonly (readonly [string, string])[] = []): { headers: MsgHdrs; body: Uint8Array } {
  const headers = headersOf([
    [COMMIT_HEADERS.commandId, commit.commandId],
    [COMMIT_HEADERS.firstRevision, String(commit.firstRevision)],
    [COMMIT_HEADERS.eventCount, String(commit.events.length)],
    [COMMIT_HEADERS.lastHash, commit.lastHash],
    ...publish,
  ]);
  const body: CommitBody = { streamId: commit.streamId, events: commit.events };
  return { headers, body: encoder.encode(JSON.stringify(body)) };
}

/** What `MsgHdrs.append` refuses in a value (nats.js MsgHdrsImpl.validHeaderValue). */
const UNSAFE_HEADER_VALUE = /[\r\n]/;

/**
 * Fresh nats.js headers holding `entries` (distinct names, already in the case they are sent in),
 * as `append` would make them. `append` checks and re-cases every name character by character and
 * searches the names already set: a commit's seven headers took ~14 µs to make and encode that way,
 * ~5 µs this way (micro-bench). The names here are constants, so each value is checked and trimmed
 * as `append` does and stored in the headers' map directly; a value `append` would refuse still
 * goes through it (and is refused).
 */
export function headersOf(entries: readonly (readonly [string, string])[]): MsgHdrs {
  const headers = natsHeaders();
  const map = (headers as unknown as { headers?: unknown }).headers;
  for (const [name, value] of entries) {
    if (map instanceof Map && !UNSAFE_HEADER_VALUE.test(value)) map.set(name, [value.trim()]);
    else headers.append(name, value);
  }
  return headers;
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * Tells a commit written by the store from anything else stored on the history's subjects: its
 * headers are there and well-formed, its body decodes and agrees with them (event count, last hash,
 * every event's command id; the first revision is checked by the hash chain), and the stream id it
 * carries (covered by every event's hash) is the one its subject names — a commit copied under
 * another stream's subject is found here. Never throws.
 */
export function inspectCommit(message: StoredMessage, prefix: string): Inspected {
  const notACommit = (kind: NotACommitKind, reason: string): Inspected => ({
    ok: false,
    finding: { seq: message.seq, subject: message.subject, under: describeSubject(message.subject, prefix), kind, reason },
  });
  const h = message.headers;
  const commandId = headerValue(h, COMMIT_HEADERS.commandId);
  const firstRevisionText = headerValue(h, COMMIT_HEADERS.firstRevision);
  const countText = headerValue(h, COMMIT_HEADERS.eventCount);
  const lastHash = headerValue(h, COMMIT_HEADERS.lastHash);
  if (!commandId || !firstRevisionText || !countText || !lastHash) {
    const missing = Object.values(COMMIT_HEADERS).filter((name) => !headerValue(h, name));
    return notACommit('missing-headers', `no ${missing.join(', ')} header${missing.length > 1 ? 's' : ''}`);
  }
  const firstRevision = Number(firstRevisionText);
  const count = Number(countText);
  if (!Number.isSafeInteger(firstRevision) || firstRevision < 0 || !Number.isSafeInteger(count) || count < 1 || !HASH.test(lastHash)) {
    return notACommit('undecodable', 'malformed commit headers');
  }
  let body: CommitBody;
  try {
    body = JSON.parse(decoder.decode(message.data)) as CommitBody;
  } catch {
    return notACommit('undecodable', `body is not JSON (${message.data.length} bytes)`);
  }
  const events = body?.events;
  const wellFormed =
    typeof body?.streamId === 'string' &&
    body.streamId !== '' &&
    Array.isArray(events) &&
    events.length === count &&
    events.every((e) => typeof e?.type === 'string' && typeof e?.metadata?.hash === 'string' && typeof e.metadata.prevHash === 'string');
  if (!wellFormed) return notACommit('undecodable', 'body is not a commit ({ streamId, events } agreeing with its headers)');
  if (events[count - 1]!.metadata.hash !== lastHash) return notACommit('undecodable', 'last event hash differs from the commit header');
  // The header is what a retry of the command is answered by (stream-heads): one naming another command than its
  // events (whose commandId every hash covers) would answer that command as done, with nothing appended for it.
  // (The header's value is trimmed as nats.js stores it.)
  const other = events.find((e) => String(e.metadata.commandId).trim() !== commandId);
  if (other) return notACommit('undecodable', `its ${COMMIT_HEADERS.commandId} header (${commandId}) is not its events' command id (${String(other.metadata.commandId)})`);
  if (streamSubject(body.streamId, prefix) !== message.subject) {
    return notACommit('wrong-stream', `a commit of stream ${describeSubject(streamSubject(body.streamId, prefix), prefix)} stored under another stream's subject`);
  }
  return { ok: true, message: { seq: message.seq, subject: message.subject, headers: h!, data: message.data, body }, streamId: body.streamId };
}

export function summaryOf(message: CommitMessage): CommitSummary {
  const count = Number(headerValue(message.headers, COMMIT_HEADERS.eventCount));
  return {
    commandId: headerValue(message.headers, COMMIT_HEADERS.commandId),
    firstRevision: Number(headerValue(message.headers, COMMIT_HEADERS.firstRevision)),
    count,
    lastPosition: positionOf(message.seq, count - 1),
    lastHash: headerValue(message.headers, COMMIT_HEADERS.lastHash),
    cursor: message.seq,
  };
}

/** The commit's events as stored (not upcast), with revisions and positions. */
export function eventsOf(message: CommitMessage): RecordedEvent[] {
  // Taken, not kept: a second call decodes again, so two calls never share the events' data.
  const body = message.body ?? (JSON.parse(decoder.decode(message.data)) as CommitBody);
  message.body = undefined;
  const firstRevision = Number(headerValue(message.headers, COMMIT_HEADERS.firstRevision));
  return body.events.map((event, index) => toRecorded(body.streamId, event, firstRevision + index, positionOf(message.seq, index)));
}
