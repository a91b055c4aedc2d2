import { eventually, httpGet, httpPost, printFigures, ServiceProcesses, startServiceProcesses, startTestServers, statusCounts, validRomanianCuis } from '@banat/testing';
import { commandsUnderFault, FaultClient } from './fault-platform';

/**
 * The platform as separate processes on a real nats-server and FerretDB, broken one way at a time
 * under a stream of commands: nothing acknowledged is lost, nothing goes unanswered, and it comes
 * back by itself. Each test prints its figures (FAULT …) for the CI log.
 */
describe('faults under a stream of commands', () => {
  let servers: Awaited<ReturnType<typeof startTestServers>>;
  let platform: ServiceProcesses;
  let client: FaultClient;
  let organisationId: string;
  const pids = () => Object.fromEntries(Object.values(platform.services).map((s) => [s.name, s.process.pid]));

  beforeAll(async () => {
    servers = await startTestServers();
    platform = await startServiceProcesses({ natsUrl: servers.natsUrl, mongoUrl: servers.mongoUrl, env: { RPC_TIMEOUT_MS: '3000', THROTTLE_LIMIT: '1000000' } });
    client = new FaultClient(platform);
    organisationId = await client.registerOrganisation('RO18547290', 'Livada Banat');
  });
  afterAll(async () => {
    await platform?.stop();
    await servers?.stop();
  });

  const underLoad = (name: string, fault: () => Promise<void>) => commandsUnderFault({ client, historyServers: servers.natsUrl, organisationId, name, fault, output: () => platform.output() });

  it('the certification service killed (SIGKILL) and started again: every acknowledged command kept, the others 503, projections catch up', async () => {
    const certification = platform.services.certification;
    const killedPid = certification.process.pid;
    const { failed } = await underLoad('certification-killed', async () => {
      await certification.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 2000)); // down for a while: the gateway must answer, not hang
      certification.start();
    });
    expect(certification.process.pid).not.toBe(killedPid);
    expect(failed.length).toBeGreaterThan(0);
    expect((await httpGet(`${platform.baseUrl}/ready`)).status).toBe(200);
  });

  it('nats-server restarted (same port, same store): every process reconnects by itself, nothing acknowledged lost', async () => {
    const before = pids();
    await underLoad('nats-restarted', () => servers.nats.restart());
    expect(pids()).toEqual(before);
    await eventually(async () => ((await httpGet(`${platform.baseUrl}/ready`)).status === 200 ? true : undefined), 100, 200);
    // Public events flow again after the reconnect: a new organisation reaches the network's directory.
    const id = await client.registerOrganisation(validRomanianCuis(1, 30_000_000)[0]!, 'Stupina după repornire');
    await eventually(async () => ((await httpGet(client.api(`/network/directory/${id}`))).status === 200 ? true : undefined), 100, 200);
  });

  it('the read store frozen (SIGSTOP) and thawed: readiness red naming its database, commands 503, nothing half-written, back without a restart', async () => {
    const before = pids();
    const ferretdb = servers.mongo.process;
    const secretariat = await client.as('secretariat', 'sec-ana');
    const cuis = validRomanianCuis(6, 31_000_000);
    const register = (cui: string) =>
      httpPost(client.api('/organisations'), { kind: 'sme', name: { ro: `Ferma ${cui}` }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: cui } }, secretariat);
    let red: { ms: number; body: { error: Record<string, { status: string; database?: string }> } } | undefined;
    let duringOutage: Array<{ status: number; body: unknown }> = [];
    let greenMs = 0;
    await underLoad('read-store-frozen', async () => {
      ferretdb.kill('SIGSTOP');
      const frozenAt = Date.now();
      try {
        const [ready, registrations] = await Promise.all([
          eventually(async () => {
            const res = await httpGet(`${platform.baseUrl}/ready`);
            return res.status === 503 ? res : undefined;
          }, 50, 200),
          Promise.all(cuis.map(register)),
        ]);
        red = { ms: Date.now() - frozenAt, body: ready.body };
        duringOutage = registrations;
        await new Promise((r) => setTimeout(r, 1000));
      } finally {
        ferretdb.kill('SIGCONT');
      }
      const thawedAt = Date.now();
      await eventually(async () => ((await httpGet(`${platform.baseUrl}/ready`)).status === 200 ? true : undefined), 150, 200);
      greenMs = Date.now() - thawedAt;
    });
    // Readiness named every service whose database stopped answering, and why.
    expect(red!.body.error.registry).toMatchObject({ status: 'down', database: expect.stringContaining('not answering') });
    expect(red!.body.error.certification).toMatchObject({ status: 'down', database: expect.stringContaining('not answering') });
    // Registrations that needed the store got 503 with the error body.
    expect(duringOutage.map((r) => r.status)).toEqual(cuis.map(() => 503));
    for (const r of duringOutage) expect(r.body).toMatchObject({ code: 'UNAVAILABLE' });
    // Nothing half-written: each registration is now either whole (409 naming it, its event delivered) or absent (201 now).
    const ids: string[] = [];
    const retried: number[] = [];
    for (const cui of cuis) {
      const again = await register(cui);
      retried.push(again.status);
      expect([201, 409]).toContain(again.status);
      ids.push(again.status === 201 ? again.body.id : again.body.details.existingId);
    }
    for (const id of ids) {
      expect((await httpGet(client.api(`/organisations/${id}`))).status).toBe(200);
      await eventually(async () => ((await httpGet(client.api(`/network/directory/${id}`))).status === 200 ? true : undefined), 100, 200);
    }
    printFigures('read-store-frozen', { readinessRedMs: red!.ms, readinessGreenAfterThawMs: greenMs, registrationsDuringOutage: statusCounts(duringOutage as never), retriedAfter: retried.join(',') });
    // Back without restarting anything.
    expect(pids()).toEqual(before);
  });
});
