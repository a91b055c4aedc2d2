import { EVENT_STORE_PREFIX } from '@banat/contracts';

/**
 * One subject per event stream: `<prefix>.<category>.<base64url(streamId)>`.
 * - category: the stream id up to its first '-' (`certificate-42` → `certificate`) when that is a
 *   plain word [A-Za-z0-9_]{1,64}, else `_`; it lets a consumer filter one category (`banat.es.certificate.>`).
 * - the last token is the whole stream id, UTF-8, base64url without padding: its alphabet
 *   [A-Za-z0-9_-] has none of the characters NATS gives meaning to ('.', '*', '>', whitespace),
 *   so any stream id maps to exactly one token and decodes back unchanged.
 */
export function streamSubject(streamId: string, prefix: string = EVENT_STORE_PREFIX): string {
  if (!streamId) throw new TypeError('a stream id must not be empty');
  return `${prefix}.${categoryOf(streamId)}.${Buffer.from(streamId, 'utf8').toString('base64url')}`;
}

export function streamIdFromSubject(subject: string): string {
  const token = subject.slice(subject.lastIndexOf('.') + 1);
  return Buffer.from(token, 'base64url').toString('utf8');
}

export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  const category = dash > 0 ? streamId.slice(0, dash) : '';
  return /^[A-Za-z0-9_]{1,64}$/.test(category) ? category : '_';
}

/** Every event stream's subject: what the history stream captures. */
export const allStreamsSubject = (prefix: string = EVENT_STORE_PREFIX) => `${prefix}.>`;

/**
 * The stream id a history subject names, only when the subject is exactly the one `streamSubject`
 * makes for it (a well-formed, round-tripping token of valid UTF-8); undefined for anything else.
 */
export function streamIdOfSubject(subject: string, prefix: string = EVENT_STORE_PREFIX): string | undefined {
  if (!subject.startsWith(`${prefix}.`)) return undefined;
  const token = subject.slice(subject.lastIndexOf('.') + 1);
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  let streamId: string;
  try {
    streamId = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(token, 'base64url'));
  } catch {
    return undefined;
  }
  return streamId && streamSubject(streamId, prefix) === subject ? streamId : undefined;
}

/** Text safe to print on a terminal: control, format and line-separator characters escaped as \uXXXX. */
export function printable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** A history subject for people: the stream id it names, or the raw subject (escaped) when it names none. */
export function describeSubject(subject: string, prefix: string = EVENT_STORE_PREFIX): string {
  const streamId = streamIdOfSubject(subject, prefix);
  return streamId !== undefined ? printable(streamId) : `subject "${printable(subject)}"`;
}
