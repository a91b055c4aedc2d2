import { headers as natsHeaders, type JsMsg, type Msg, type MsgHdrs } from 'nats';

/**
 * Reading a stored message's headers, as nats.js does, at a fraction of its cost. Reading the history
 * decodes ten headers a commit (the store's seven, JetStream's three), and nats.js adds each through
 * `append` (the name re-cased character by character, the names already there listed and searched),
 * then searches the names again on each `get`: a sixth of a replay's CPU (`audit rebuild` of 100,000
 * events, CPU profile). The same headers, made as `append` makes them and read from their map.
 */

const HEADER_LINE = 'NATS/1.0';
/** A name `append` keeps as it is (no character it refuses): one of these is stored directly. */
const PLAIN_NAME = /^[A-Za-z0-9-]+$/;
const LINE_BREAK = /[\r\n]/;
const decoder = new TextDecoder();

/** The map nats.js keeps the headers in (name as sent → values), when it keeps one. */
function mapOf(headers: MsgHdrs | undefined): Map<string, string[]> | undefined {
  const map = (headers as unknown as { headers?: unknown } | undefined)?.headers;
  return map instanceof Map ? (map as Map<string, string[]>) : undefined;
}

/** What `headers.get(name)` answers (its first value; '' when absent, as nats.js), read from the map. */
export function headerValue(headers: MsgHdrs | undefined, name: string): string {
  if (!headers) return '';
  const map = mapOf(headers);
  if (!map) return headers.get(name);
  const values = map.get(name);
  return values && values.length > 0 ? values[0]! : '';
}

/**
 * The headers nats.js's `MsgHdrsImpl.decode` makes of these bytes, or undefined for a status line
 * (`NATS/1.0 404 ...`: left to nats.js). A name `append` would re-case or refuse, and a value it
 * would refuse, still go through `append`.
 */
export function decodeHeaders(bytes: Uint8Array): MsgHdrs | undefined {
  const lines = decoder.decode(bytes).split('\r\n');
  if (lines[0] !== HEADER_LINE) return undefined;
  const headers = natsHeaders();
  const map = mapOf(headers);
  if (!map) return undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (!PLAIN_NAME.test(name) || LINE_BREAK.test(value)) {
      headers.append(name, value);
      continue;
    }
    const values = map.get(name);
    if (values) values.push(value);
    else map.set(name, [value]);
  }
  return headers;
}

/** nats.js's message as it keeps it: the header length, the raw bytes, the headers once decoded. */
interface RawMessage {
  _msg?: { hdr?: unknown };
  _rdata?: unknown;
  _headers?: MsgHdrs;
}

/**
 * The message's headers (`message.headers`), decoded by decodeHeaders into the place nats.js keeps
 * them once decoded, so its own getter answers them. A message nats.js keeps otherwise (another
 * version) is left to it.
 */
export function headersOfMessage(message: Msg | JsMsg): MsgHdrs | undefined {
  const raw = ((message as unknown as { msg?: unknown }).msg ?? message) as RawMessage;
  const length = raw._msg?.hdr;
  if (raw._headers === undefined && typeof length === 'number' && length > 0 && raw._rdata instanceof Uint8Array) {
    const decoded = decodeHeaders(raw._rdata.subarray(0, length));
    if (decoded) raw._headers = decoded;
  }
  return message.headers;
}
