/**
 * Heads of the certification history, kept by an auditor outside the platform: each stream's
 * number of events and the hash of its last one, and a digest over them all. The hash chains prove
 * that nothing inside a stream was changed, removed or reordered; only an earlier head, kept where
 * the platform's operators cannot reach it, shows a stream cut short, rewritten from some point on,
 * or gone. `audit heads` writes the file (never over a history whose chains do not verify: the heads would vouch
 * for the damage); `audit verify --heads <file>` compares the history with it.
 */
import { readFileSync } from 'node:fs';
import { canonicalJson, hexDigestOf, printable, type RecordedEvent } from '../libs/event-store/src';
import { AuditError, eventCount, EXIT } from './audit-cli';

export const HEADS_FORMAT = 'banat-history-heads/1';

export interface StreamHead {
  /** How many events the stream held. */
  events: number;
  /** The hash of its last event (the head of its chain). */
  lastHash: string;
}

export interface HeadsFile {
  format: typeof HEADS_FORMAT;
  /** When the heads were read (ISO 8601). */
  takenAt: string;
  /** The global position of the newest event then. */
  position: number;
  streams: Record<string, StreamHead>;
  /** `sha256:` of the RFC 8785 canonical JSON of `{ position, streams }`: short enough to write down or publish elsewhere. */
  digest: string;
}

export type HeadFindingKind = 'missing' | 'truncated' | 'rewritten';

export interface HeadFinding {
  stream: string;
  kind: HeadFindingKind;
  reason: string;
}

const digestOfHeads = (position: number, streams: Record<string, StreamHead>) => `sha256:${hexDigestOf('sha256', canonicalJson({ position, streams }))}`;

/** The heads of every stream read (each read whole, from revision 0), and their digest. */
export function headsOf(byStream: ReadonlyMap<string, readonly RecordedEvent[]>, takenAt: Date = new Date()): HeadsFile {
  const streams: Record<string, StreamHead> = {};
  let position = 0;
  for (const stream of [...byStream.keys()].sort()) {
    const events = byStream.get(stream)!;
    const last = events.at(-1);
    if (!last) continue;
    streams[stream] = { events: events.length, lastHash: last.metadata.hash };
    position = Math.max(position, last.position);
  }
  return { format: HEADS_FORMAT, takenAt: takenAt.toISOString(), position, streams, digest: digestOfHeads(position, streams) };
}

const HASH = /^[0-9a-f]{64}$/;

/** A heads file as written by `audit heads`, checked: its shape, and that its digest is over what it holds. */
export function parseHeads(text: string, source = 'the heads file'): HeadsFile {
  const refuse = (why: string) => new AuditError('usage', `${source} is not a heads file written by audit heads: ${why}`, EXIT.usage);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw refuse('not JSON');
  }
  const file = value as Partial<HeadsFile>;
  if (typeof file !== 'object' || file === null || file.format !== HEADS_FORMAT) throw refuse(`no "format": "${HEADS_FORMAT}"`);
  if (typeof file.takenAt !== 'string' || Number.isNaN(Date.parse(file.takenAt))) throw refuse('no valid "takenAt"');
  if (!Number.isSafeInteger(file.position) || file.position! < 0) throw refuse('no valid "position"');
  if (typeof file.streams !== 'object' || file.streams === null || Array.isArray(file.streams)) throw refuse('no "streams" object');
  for (const [stream, head] of Object.entries(file.streams)) {
    if (!Number.isSafeInteger(head?.events) || head.events < 1 || typeof head.lastHash !== 'string' || !HASH.test(head.lastHash)) {
      throw refuse(`stream ${printable(stream)}: "events" must be a positive integer and "lastHash" 64 hex digits`);
    }
  }
  if (file.digest !== digestOfHeads(file.position!, file.streams)) {
    throw new AuditError('usage', `${source} was changed after audit heads wrote it: its digest is not over what it holds (expected ${digestOfHeads(file.position!, file.streams)})`, EXIT.usage);
  }
  return file as HeadsFile;
}

export function readHeadsFile(path: string): HeadsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AuditError('failed', `cannot read the heads file ${path}: ${(error as Error).message}`, EXIT.failed);
  }
  return parseHeads(text, `${path}`);
}

/**
 * What the history lost since the heads were taken: a stream no longer there, one with fewer events
 * than then, or one whose event at the old head's revision has another hash (its chain was rebuilt
 * from there on: every hash after a changed event changes). Streams and events added since are the
 * history going on, not findings. Streams are compared as read (`byStream`, each from revision 0).
 */
export function compareWithHeads(heads: HeadsFile, byStream: ReadonlyMap<string, readonly RecordedEvent[]>): HeadFinding[] {
  const findings: HeadFinding[] = [];
  const then = `the heads of ${heads.takenAt}`;
  for (const [stream, head] of Object.entries(heads.streams)) {
    const events = byStream.get(stream) ?? [];
    if (events.length === 0) {
      findings.push({ stream, kind: 'missing', reason: `not in the history; ${then} saw ${eventCount(head.events)}` });
    } else if (events.length < head.events) {
      findings.push({ stream, kind: 'truncated', reason: `${eventCount(events.length)}; ${then} saw ${head.events}: its last ${head.events - events.length} are gone` });
    } else if (events[head.events - 1]!.metadata.hash !== head.lastHash) {
      findings.push({ stream, kind: 'rewritten', reason: `its event at revision ${head.events - 1} has hash ${events[head.events - 1]!.metadata.hash.slice(0, 12)}…; ${then} saw ${head.lastHash.slice(0, 12)}…: the stream was rewritten up to there` });
    }
  }
  return findings.sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
}
