import { JetStreamEventStore } from '@banat/event-store';
import { loadConfig } from '@banat/messaging';
import { eventually, httpGet, httpPost, ServiceProcesses } from '@banat/testing';
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
      const res = await httpGet(this.api(`/applications?organisationId=${organisationId}&pageSize=100&page=${page}`), secretariat);
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
