import 'reflect-metadata';
import { NatsRecordSerializer } from '@nestjs/microservices/serializers/nats-record.serializer';
import { JsonReply, JsonReplySerializer } from './nats-server';

const text = (data: Uint8Array) => Buffer.from(data).toString('utf8');

describe('JsonReplySerializer', () => {
  const answer = { items: [{ id: 'a', name: { sr_cyrl: 'Пекара Вршац', hu: 'Fűszerpaprika' } }], total: 1, page: 1, pageSize: 20 };

  it('writes a JsonReply answer as the bytes Nest writes for the object it stands for', () => {
    const reply = new JsonReply(JSON.stringify(answer));
    const ours = new JsonReplySerializer().serialize({ response: reply, isDisposed: true, id: '17' });
    const nests = new NatsRecordSerializer().serialize({ response: answer, isDisposed: true, id: '17' });
    expect(text(ours.data)).toBe(text(nests.data));
    expect(ours.headers).toBeUndefined();
    // The same reply sent again (a kept page) gives the same bytes around its other id.
    expect(JSON.parse(text(new JsonReplySerializer().serialize({ response: reply, isDisposed: true, id: '18' }).data))).toEqual({ response: answer, isDisposed: true, id: '18' });
  });

  it('keeps the packet keys in their order, whichever side of the answer they are', () => {
    const ours = new JsonReplySerializer().serialize({ status: 'ok', response: new JsonReply('[1,2]'), skipped: undefined, id: 'x"y' });
    expect(text(ours.data)).toBe(JSON.stringify({ status: 'ok', response: [1, 2], id: 'x"y' }));
  });

  it('serializes any other packet as Nest does', () => {
    const packet = { err: { code: 'NOT_FOUND', message: 'organisation x' }, isDisposed: true, id: '3' };
    expect(text(new JsonReplySerializer().serialize({ ...packet }).data)).toBe(text(new NatsRecordSerializer().serialize({ ...packet }).data));
  });
});
