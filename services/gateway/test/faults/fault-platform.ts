import { JetStreamEventStore } from '@banat/event-store';
import { loadConfig } from '@banat/messaging';
import { CommandOutcome, eventually, httpGet, httpPost, printFigures, recoveryMs, ServiceProcesses, startCommandStream, statusCounts } from '@banat/testing';
import { issueLocalToken } from '../../src/auth/issue-token';
import type { Role } from '../../src/auth/roles';

/** What the fault tests do through the gateway of a platform started with startServiceProcesses. */
export class FaultClient {
  constructor(private readonly platform: Pick<ServiceProcesses, 'baseUrl' | 'authSecret'>) {}

  api = (path: string) => `${this.platform.baseUrl}/api/v1${path}`;

  async as(role: Role, sub: string): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await issueLocalToken(loadConfig({ AUTH_JWT_SECRET: this.platform.authSecret }), { role, sub, ttl: '1h' })}` };
  }

  /** Registers an SME with a given legal id and returns its id (201, or 409 naming the existing one). */
  async registerOrganisation(cui: string, name: string): Promise<string> {
    const created = await httpPost(
      this.api('/organisations'),
      { kind: 'sme', name: { ro: name }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: cui } },
      await this.as('secretariat', 'sec-ana'),
    );
    if (created.status !== 201) throw new Error(`registering ${cui}: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.id;
  }

  /** Submits an application (one new file in the history) under an idempotency key. */
  async submitApplication(organisationId: string, commandId: string, headers: Record<string, string>, signal?: AbortSignal) {
    const res = await fetch(this.api('/applications'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({
        commandId,
        schemeId: 'made-in-banat',
        organisationId,
        products: [{ name: 'Plum brandy', niceClass: 33 }],
        declaredRegionalRawMaterialShare: 0.9,
        evidence: [
          { kind: 'product-description', ref: 'doc-1' },
          { kind: 'raw-material-origin', ref: 'doc-2' },
          { kind: 'financial-statement', ref: 'doc-3' },
        ],
      }),
      signal,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body };
  }

  /** Until every certification read model has applied the whole history (lag 0, checkpoint at the head): how long it took. */
  async projectionsCaughtUp(attempts = 300): Promise<{ ms: number; projections: Array<{ projection: string; checkpoint: number; head: number; lag?: number; state: string }> }> {
    const t0 = Date.now();
    const auditor = await this.as('auditor', 'aud-eva');
    const projections = await eventually(async () => {
      const res = await httpGet(this.api('/certification/projections'), auditor).catch(() => undefined);
      if (res?.status !== 200) return undefined;
      const all = res.body as Array<{ projection: string; checkpoint: number; head: number; lag?: number; state: string }>;
      return all.length > 0 && all.every((p) => p.state === 'ok' && p.lag === 0 && p.checkpoint >= p.head) ? all : undefined;
    }, attempts, 200);
    return { ms: Date.now() - t0, projections };
  }

  /** The application files the read model lists for an organisation. */
  async listedApplications(organisationId: string): Promise<Set<string>> {
    const secretariat = await this.as('secretariat', 'sec-ana');
    const ids = new Set<string>();
    for (let page = 1; ; page++) {
      const url = this.api(`/applications?organisationId=${organisationId}&pageSize=100&page=${page}`);
      // Right after an outage the read store works off its backlog: a 503 (too slow) is retried a few times.
      let res = await httpGet(url, secretariat);
      for (let attempt = 1; res.status === 503 && attempt < 5; attempt++) res = await httpGet(url, secretariat);
      if (res.status !== 200) throw new Error(`listing applications: ${res.status} ${JSON.stringify(res.body)}`);
      const items = res.body.items as Array<{ applicationId: string }>;
      items.forEach((i) => ids.add(i.applicationId));
      if (items.length < 100) return ids;
    }
  }
}

/** Every application file the history holds (ApplicationSubmitted events), read back from JetStream. */
export async function submittedInHistory(servers: string | string[]): Promise<Map<string, string>> {
  const store = await JetStreamEventStore.connect({ servers, readOnly: true });
  try {
    const byApplication = new Map<string, string>();
    for (const event of await store.readAll()) {
      if (event.type !== 'ApplicationSubmitted') continue;
      const data = event.data as { applicationId: string; applicant: { organisationId: string } };
      byApplication.set(data.applicationId, data.applicant.organisationId);
    }
    return byApplication;
  } finally {
    await store.close();
  }
}

/** The application ids of the successful submissions among a stream's outcomes. */
export const acknowledgedApplications = (outcomes: Array<{ status: number; body: unknown }>) =>
  outcomes.filter((o) => o.status === 201).map((o) => (o.body as { applicationId: string }).applicationId);

/**
 * Application submissions by four concurrent senders while `fault` runs, until the platform has
 * acknowledged commands again for two seconds; then checks and prints (FAULT <name>: …) that every
 * acknowledged command is in the history, every other one got a 503 with the error body (no
 * silence, no 500), and the read models caught up with the history.
 */
export async function commandsUnderFault(options: { client: FaultClient; historyServers: string; organisationId: string; name: string; fault: (outcomes: () => CommandOutcome[]) => Promise<void>; output?: () => string }) {
  const { client, organisationId, name } = options;
  const secretariat = await client.as('secretariat', 'sec-ana');
  const stream = startCommandStream((i, signal) => client.submitApplication(organisationId, `${name}-${i}`, secretariat, signal), { concurrency: 4 });
  await new Promise((r) => setTimeout(r, 2000));
  const faultAt = Date.now();
  await options.fault(() => stream.outcomes);
  const backAt = Date.now();
  for (let i = 0; i < 300 && !stream.outcomes.some((o) => o.status === 201 && o.sentAt > backAt + 2000); i++) await new Promise((r) => setTimeout(r, 100));
  const outcomes = await stream.stop();
  // A request the sender gave up on may still be appended by the service, the later the longer its projections
  // work off the stream's backlog (seconds after a fast stream): let them catch up, then let those land, before
  // the history is read; then let the projections apply what landed.
  const caughtUp = await client.projectionsCaughtUp();
  await new Promise((r) => setTimeout(r, 3000));
  const acknowledged = acknowledgedApplications(outcomes);
  const failed = outcomes.filter((o) => o.status !== 201);
  // The history, the read models caught up with it and what they list, read until no late append
  // (a command whose sender gave up, still in a service's hands) landed while they were read.
  let history = await submittedInHistory(options.historyServers.split(','));
  await client.projectionsCaughtUp();
  let listed = await client.listedApplications(organisationId);
  for (let attempt = 0; attempt < 10; attempt++) {
    const after = await submittedInHistory(options.historyServers.split(','));
    if (after.size === history.size) break;
    history = after;
    await client.projectionsCaughtUp();
    listed = await client.listedApplications(organisationId);
  }
  const inHistoryForOrg = [...history].filter(([, org]) => org === organisationId).map(([id]) => id);
  printFigures(name, {
    sent: outcomes.length,
    acknowledged: acknowledged.length,
    foundInHistory: acknowledged.filter((id) => history.has(id)).length,
    failed: failed.length,
    failedByStatus: statusCounts(failed),
    faultMs: backAt - faultAt,
    recoverMs: recoveryMs(outcomes, backAt, (o) => o.status === 201),
    projectionsCaughtUpMs: caughtUp.ms,
  });
  // What the services logged, to tell why when a command got something else than 201 or 503.
  if (failed.some((o) => o.status !== 503) && options.output) process.stdout.write(`services' output:\n${options.output()}\n`);
  // Commands went through before the fault and after it.
  expect(outcomes.some((o) => o.status === 201 && o.repliedAt < faultAt)).toBe(true);
  expect(outcomes.some((o) => o.status === 201 && o.sentAt > backAt)).toBe(true);
  // Every acknowledged command is in the history.
  expect(acknowledged.filter((id) => !history.has(id))).toEqual([]);
  // The others got a clear answer: 503 with the error body (no silence, no 500).
  expect(failed.filter((o) => o.status !== 503)).toEqual([]);
  for (const o of failed) expect(o.body).toMatchObject({ code: 'UNAVAILABLE', message: expect.any(String) });
  // Every read model has applied the whole history: the files listed are exactly those in it.
  expect([...listed].sort()).toEqual(inHistoryForOrg.sort());
  return { outcomes, failed, faultAt, backAt };
}
