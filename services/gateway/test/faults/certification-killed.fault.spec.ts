import { httpGet, printFigures, recoveryMs, ServiceProcesses, startCommandStream, startServiceProcesses, startTestServers, statusCounts } from '@banat/testing';
import { acknowledgedApplications, FaultClient, submittedInHistory } from './fault-platform';

/**
 * The certification service is killed (SIGKILL, no chance to finish anything) during a stream of
 * commands and started again: nothing it acknowledged is lost, nothing goes unanswered, and its
 * read models catch up with the history.
 */
describe('fault: the certification service is killed during a stream of commands', () => {
  let servers: Awaited<ReturnType<typeof startTestServers>>;
  let platform: ServiceProcesses;
  let client: FaultClient;

  beforeAll(async () => {
    servers = await startTestServers();
    platform = await startServiceProcesses({ natsUrl: servers.natsUrl, mongoUrl: servers.mongoUrl, env: { RPC_TIMEOUT_MS: '3000', THROTTLE_LIMIT: '1000000' } });
    client = new FaultClient(platform);
  });
  afterAll(async () => {
    await platform?.stop();
    await servers?.stop();
  });

  it('keeps every acknowledged command, answers the others with 503, and its projections catch up after the restart', async () => {
    const organisationId = await client.registerOrganisation('RO18547290', 'Livada Banat');
    const secretariat = await client.as('secretariat', 'sec-ana');
    const certification = platform.services.certification;
    const stream = startCommandStream((i, signal) => client.submitApplication(organisationId, `fault-kill-${i}`, secretariat, signal), { concurrency: 4 });

    await new Promise((r) => setTimeout(r, 2000));
    const killedAt = Date.now();
    const killedPid = certification.process.pid;
    await certification.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 2000)); // down for a while: the gateway must answer, not hang
    const restartedAt = Date.now();
    certification.start();
    // Until the restarted service has acknowledged commands for two seconds.
    for (let i = 0; i < 300 && !stream.outcomes.some((o) => o.status === 201 && o.sentAt > restartedAt + 2000); i++) await new Promise((r) => setTimeout(r, 100));
    const outcomes = await stream.stop();

    const acknowledged = acknowledgedApplications(outcomes);
    const failed = outcomes.filter((o) => o.status !== 201);
    const history = await submittedInHistory(servers.natsUrl);
    const found = acknowledged.filter((id) => history.has(id));
    const caughtUp = await client.projectionsCaughtUp();
    const listed = await client.listedApplications(organisationId);
    const inHistoryForOrg = [...history].filter(([, org]) => org === organisationId).map(([id]) => id);
    printFigures('certification-killed', {
      sent: outcomes.length,
      acknowledged: acknowledged.length,
      foundInHistory: found.length,
      failed: failed.length,
      failedByStatus: statusCounts(failed),
      writtenButNotAcknowledged: inHistoryForOrg.length - found.length,
      downMs: restartedAt - killedAt,
      recoverMsAfterRestart: recoveryMs(outcomes, restartedAt, (o) => o.status === 201),
      projectionsCaughtUpMs: caughtUp.ms,
      readModelFiles: listed.size,
    });

    expect(certification.process.pid).not.toBe(killedPid);
    // Some commands went through before the kill and after the restart; some met the outage.
    expect(acknowledged.filter((id) => outcomes.find((o) => (o.body as { applicationId?: string })?.applicationId === id)!.sentAt < killedAt).length).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0);
    // Every acknowledged command is in the history.
    expect(acknowledged.filter((id) => !history.has(id))).toEqual([]);
    // The others got a clear answer: 503 with the error body (no silence, no 500).
    expect(failed.filter((o) => o.status !== 503)).toEqual([]);
    for (const o of failed) expect(o.body).toMatchObject({ code: 'UNAVAILABLE', message: expect.any(String) });
    // Every read model has applied the whole history: the files listed are exactly those in the history.
    expect([...listed].sort()).toEqual(inHistoryForOrg.sort());
    expect((await httpGet(`${platform.baseUrl}/ready`)).status).toBe(200);
  });
});
