import { DiscardPolicy, ErrorCode, NatsError, RetentionPolicy, StorageType, nanos, type JetStreamManager, type StreamConfig } from 'nats';
import { isJetStreamError } from './jetstream-errors';

export interface HistoryStreamOptions {
  name: string;
  subjects: string[];
  /** JetStream's own dedupe window for `Nats-Msg-Id`; idempotency beyond it comes from the command index. */
  duplicateWindowMs: number;
  /** Copies of the history kept by a JetStream cluster (1 on a single server, 3 on a 3-node cluster). Default 1. */
  replicas?: number;
}

/**
 * Creates the history stream, or brings an existing one to this configuration; safe to run on
 * every start and from several replicas at once. Deletion and purge are denied for good.
 */
export async function ensureHistoryStream(jsm: JetStreamManager, options: HistoryStreamOptions, readyWithinMs = 15_000): Promise<void> {
  // A server that has just opened its port may not answer the JetStream API yet (503 no responders).
  for (const deadline = Date.now() + readyWithinMs; ; ) {
    try {
      return await applyConfig(jsm, options);
    } catch (error) {
      if (!isJetStreamStarting(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function isJetStreamStarting(error: unknown): boolean {
  return error instanceof NatsError && (error.code === ErrorCode.NoResponders || error.code === ErrorCode.JetStreamNotEnabled || error.code === ErrorCode.Timeout);
}

async function applyConfig(jsm: JetStreamManager, options: HistoryStreamOptions): Promise<void> {
  const wanted: Partial<StreamConfig> = {
    name: options.name,
    subjects: options.subjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.New, // never drop history to make room
    max_msgs: -1,
    max_bytes: -1,
    max_age: 0,
    deny_delete: true,
    deny_purge: true,
    allow_direct: true, // reads by sequence/subject without a consumer
    duplicate_window: nanos(options.duplicateWindowMs),
    num_replicas: options.replicas ?? 1,
  };
  try {
    await jsm.streams.add(wanted);
    return;
  } catch (error) {
    if (!isJetStreamError(error, 10058)) throw error; // 10058: the stream already exists
  }
  const { config } = await jsm.streams.info(options.name);
  const differs = (Object.keys(wanted) as (keyof StreamConfig)[]).some((key) => JSON.stringify(config[key]) !== JSON.stringify(wanted[key]));
  if (differs) await jsm.streams.update(options.name, { ...config, ...wanted });
}
