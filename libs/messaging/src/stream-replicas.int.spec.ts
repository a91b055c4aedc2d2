import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, NatsConnection } from 'nats';
import { JetStreamEventStore } from '@banat/event-store';
import { freePort, RunningServer, startNats } from '@banat/testing';
import { loadConfig } from './config';
import { connectNats } from './nats-connection';
import { ensurePublicStream, PUBLIC_STREAM } from './public-events';

/**
 * NATS_STREAM_REPLICAS on a real 3-node nats-server cluster (loopback): the history and the public
 * stream are created with 3 replicas, and a history made with 1 is raised to 3 by the next start.
 */
describe('stream replicas on a 3-node NATS cluster (NATS_STREAM_REPLICAS)', () => {
  const nodes: RunningServer[] = [];
  let dir: string;
  let urls: string[];
  let nc: NatsConnection;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'banat-cluster-'));
    const clientPorts = [await freePort(), await freePort(), await freePort()];
    const routePorts = [await freePort(), await freePort(), await freePort()];
    urls = clientPorts.map((p) => `nats://127.0.0.1:${p}`);
    await Promise.all(
      clientPorts.map((port, i) => {
        const conf = join(dir, `n${i}.conf`);
        const routes = routePorts.filter((_, j) => j !== i).map((p) => `nats-route://127.0.0.1:${p}`);
        writeFileSync(conf, `server_name: n${i}\ncluster {\n  name: banat\n  listen: 127.0.0.1:${routePorts[i]}\n  routes: ${JSON.stringify(routes)}\n}\n`);
        return startNats({ port, configFile: conf }).then((node) => nodes.push(node));
      }),
    );
    nc = await connect({ servers: urls });
    // The cluster is formed once a replicated stream takes a publish (meta leader elected, peers known).
    for (let attempt = 1; ; attempt++) {
      try {
        const jsm = await nc.jetstreamManager();
        await jsm.streams.add({ name: 'WARMUP', subjects: ['warmup'], num_replicas: 3 });
        await nc.jetstream().publish('warmup', 'x', { timeout: 2000 });
        await jsm.streams.delete('WARMUP');
        break;
      } catch (error) {
        if (attempt >= 60) throw error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  });

  afterAll(async () => {
    await nc?.close();
    await Promise.all(nodes.map((n) => n.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  const replicasOf = async (stream: string) => {
    const info = await (await nc.jetstreamManager()).streams.info(stream);
    return { configured: info.config.num_replicas, peers: 1 + (info.cluster?.replicas?.length ?? 0) };
  };
  /**
   * Until the stream has a leader and every replica is current. Publishes sent while a stream changes
   * its replicas can go unanswered (seen here: a TIMEOUT on the first append); deploy/README.md says so.
   */
  const settled = async (stream: string) => {
    for (let i = 0; i < 100; i++) {
      const { cluster } = await (await nc.jetstreamManager()).streams.info(stream);
      if (cluster?.leader && (cluster.replicas ?? []).every((r) => r.current) && 1 + (cluster.replicas?.length ?? 0) === (await replicasOf(stream)).configured) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${stream} did not settle`);
  };

  it('creates the history with 1 replica by default, and raises it to NATS_STREAM_REPLICAS at the next start', async () => {
    await JetStreamEventStore.connect({ connection: nc });
    expect(await replicasOf('BANAT_HISTORY')).toEqual({ configured: 1, peers: 1 });
    const second = await JetStreamEventStore.connect({ connection: nc, replicas: 3 });
    expect((await replicasOf('BANAT_HISTORY')).configured).toBe(3);
    await settled('BANAT_HISTORY');
    // Commits go to the replicated history and read back.
    const meta = (id: string) => ({ commandId: id, correlationId: id, actor: 'test', role: 'secretariat' });
    await second.appendToStream('cluster-1', [{ type: 'Probed', data: {} }], { expectedRevision: -1, metadata: meta('c1') });
    await second.appendToStream('cluster-1', [{ type: 'Probed', data: {} }], { expectedRevision: 0, metadata: meta('c2') });
    expect((await second.readStream('cluster-1')).map((e) => e.revision)).toEqual([0, 1]);
    expect(await replicasOf('BANAT_HISTORY')).toEqual({ configured: 3, peers: 3 });
  });

  it('creates the public stream with NATS_STREAM_REPLICAS copies', async () => {
    const service = await connectNats(loadConfig({ NATS_URL: urls.join(','), NATS_STREAM_REPLICAS: '3' }), 'replicas-test');
    try {
      await ensurePublicStream(service);
      expect(await replicasOf(PUBLIC_STREAM)).toEqual({ configured: 3, peers: 3 });
    } finally {
      await service.close();
    }
  });

  it('refuses a bad NATS_STREAM_REPLICAS by name', () => {
    expect(() => loadConfig({ NATS_STREAM_REPLICAS: '7' })).toThrow(/NATS_STREAM_REPLICAS/);
  });
});
