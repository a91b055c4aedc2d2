import { connect } from 'nats';
import { jsz, NatsCluster, printFigures, RunningServer, ServiceProcesses, startFerret, startNatsCluster, startServiceProcesses } from '@banat/testing';
import { commandsUnderFault, FaultClient } from './fault-platform';

/**
 * Three nats-server processes as one JetStream cluster, the history kept in 3 copies
 * (NATS_STREAM_REPLICAS=3): the node leading the history stream is killed under a stream of commands,
 * commands go on succeeding, nothing acknowledged is lost, and the node catches up when it is back.
 */
describe('fault: a node of a 3-node NATS cluster stops under load', () => {
  let cluster: NatsCluster;
  let mongo: RunningServer;
  let platform: ServiceProcesses;
  let client: FaultClient;

  beforeAll(async () => {
    [cluster, mongo] = await Promise.all([startNatsCluster(3), startFerret()]);
    // The public stream replicated as well, so that no single node holds all of partners' events.
    const nc = await connect({ servers: cluster.url.split(',') });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'BANAT_PUBLIC', subjects: ['banat.public.>'], num_replicas: 3, deny_delete: true, deny_purge: true });
    await nc.close();
    platform = await startServiceProcesses({ natsUrl: cluster.url, mongoUrl: mongo.url, env: { RPC_TIMEOUT_MS: '3000', THROTTLE_LIMIT: '1000000', NATS_STREAM_REPLICAS: '3' } });
    client = new FaultClient(platform);
  });
  afterAll(async () => {
    await platform?.stop();
    await Promise.all([cluster?.stop(), mongo?.stop()]);
  });

  const historyOn = async (node: NatsCluster['nodes'][number]) =>
    (await jsz(node)).account_details?.flatMap((a) => a.stream_detail ?? []).find((s) => s.name === 'BANAT_HISTORY')?.state;

  it('keeps acknowledging commands with the history leader down, loses none, and the node catches up when back', async () => {
    const nc = await connect({ servers: cluster.url.split(',') });
    const info = await (await nc.jetstreamManager()).streams.info('BANAT_HISTORY');
    await nc.close();
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.replicas).toHaveLength(2);
    const organisationId = await client.registerOrganisation('RO18547290', 'Livada Banat');
    const leader = cluster.nodes.find((n) => n.name === info.cluster?.leader)!;
    let downAt = 0;
    let upAt = 0;
    let nodeCaughtUpMs = 0;
    const others = cluster.nodes.filter((n) => n !== leader);
    const { outcomes } = await commandsUnderFault({
      output: () => platform.output(),
      client,
      historyServers: cluster.url,
      organisationId,
      name: 'nats-cluster-node-stopped',
      fault: async (stream) => {
        const exited = new Promise((r) => leader.server.process.once('exit', r));
        leader.server.process.kill('SIGKILL');
        await exited;
        downAt = Date.now();
        // The other two elect a new leader for the history (seconds), then commands go on against them: until 20 are acknowledged.
        for (let i = 0; i < 300 && stream().filter((o) => o.status === 201 && o.sentAt > downAt).length < 20; i++) await new Promise((r) => setTimeout(r, 100));
        upAt = Date.now();
        await leader.server.restart();
        // The node back: its copy of the history reaches what the others held when it returned (its own monitoring endpoint).
        const target = (await historyOn(others[0]!))?.last_seq ?? Infinity;
        for (let i = 0; i < 150 && ((await historyOn(leader))?.last_seq ?? 0) < target; i++) await new Promise((r) => setTimeout(r, 100));
        nodeCaughtUpMs = Date.now() - upAt;
      },
    });
    const whileDown = outcomes.filter((o) => o.sentAt >= downAt && o.repliedAt <= upAt);
    const ackedWhileDown = whileDown.filter((o) => o.status === 201);
    // Then every node holds the same history, to the last message.
    let caughtUp = false;
    let states: unknown[] = [];
    for (let i = 0; i < 150 && !caughtUp; i++) {
      states = await Promise.all(cluster.nodes.map(historyOn));
      const reference = (await historyOn(others[0]!))?.last_seq;
      caughtUp = reference !== undefined && states.every((s) => (s as { last_seq?: number } | undefined)?.last_seq === reference);
      if (!caughtUp) await new Promise((r) => setTimeout(r, 200));
    }
    printFigures('nats-cluster-node-back', {
      stoppedNode: leader.name,
      sentWhileDown: whileDown.length,
      acknowledgedWhileDown: ackedWhileDown.length,
      downMs: upAt - downAt,
      firstAckAfterStopMs: Math.min(...ackedWhileDown.map((o) => o.repliedAt)) - downAt,
      nodeCaughtUpMs,
      history: JSON.stringify(states),
    });
    // Commands kept succeeding with the node down (after the other two elected a leader).
    expect(ackedWhileDown.length).toBeGreaterThanOrEqual(20);
    expect(caughtUp).toBe(true);
  });
});
