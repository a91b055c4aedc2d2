import { digestOf } from './digest';

/** Namespace of this store's name-based (RFC 4122 v5) event ids. */
const EVENT_ID_NAMESPACE = Buffer.from('3b0f8e2a6c1d4f5e9a7b2c8d1e4f6a0b', 'hex');

/**
 * The same command appending to the same stream always yields the same event ids, so a retry is
 * recognisable by id (JetStream `Nats-Msg-Id`, EventStoreDB's own idempotent append).
 */
export function deterministicEventId(streamId: string, commandId: string, index: number): string {
  const name = `${streamId}\u0000${commandId}\u0000${index}`;
  const input = Buffer.allocUnsafe(EVENT_ID_NAMESPACE.length + Buffer.byteLength(name));
  EVENT_ID_NAMESPACE.copy(input);
  input.write(name, EVENT_ID_NAMESPACE.length, 'utf8');
  const digest = digestOf('sha1', input);
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
