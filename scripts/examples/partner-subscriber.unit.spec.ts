import { describeFact, main, parseSince, revisionOf } from './partner-subscriber';

/** The partner example's command line and its one line per fact, without a bus. */
describe('partner subscriber example: command line and output', () => {
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    // Nothing listens on port 1: a command line that got as far as connecting would say so on err.
    const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: { NATS_URL: 'nats://127.0.0.1:1' }, until: Promise.resolve() });
    return { code, out, err };
  };

  it.each([['yesterday'], ['2026-02-30'], ['2026-01-01T00:00:00'], ['']])('refuses --since %j in one line naming the flag and the format, exit 2', async (since) => {
    const { code, out, err } = await run('--since', since);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^error: option '--since <instant>' argument '.*' is invalid\. Expected an ISO 8601 instant with its zone, e\.g\. 2026-01-01T00:00:00Z, or a day/);
    expect(err[0]).not.toMatch(/\n|RangeError|at /);
  });

  it('refuses --from-start with --since, and a stray argument, exit 2', async () => {
    expect(await run('--from-start', '--since', '2026-01-01')).toMatchObject({ code: 2, err: ["error: option '--from-start' cannot be used with option '--since <instant>'"] });
    expect(await run('--form-start')).toMatchObject({ code: 2, err: [expect.stringMatching(/^error: unknown option '--form-start'/)] });
  });

  it('documents its flags, environment and exit codes in --help (exit 0)', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/--from-start[\s\S]*--since <instant>[\s\S]*NATS_USER[\s\S]*Exit codes: 0 stopped/);
  });

  it('reads the certificate stream revision that ends a certificate fact id (the order of its facts); none for another id', () => {
    expect(revisionOf('certificate-MIB-2026-000001-0')).toBe(0);
    expect(revisionOf('certificate-ESCA-B-2026-000012-17')).toBe(17);
    expect(revisionOf('application-1b4e28ba-0')).toBeUndefined();
    expect(revisionOf('e-1')).toBeUndefined();
  });

  it('reads --since as an instant with its zone or a day from 00:00 UTC', () => {
    expect(parseSince('2026-01-01T00:00:00Z').toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parseSince('2026-01-01T02:00:00+02:00').toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parseSince('2026-03-05').toISOString()).toBe('2026-03-05T00:00:00.000Z');
  });

  it('says in one line why it cannot follow, naming the server (exit 1, no stack)', async () => {
    const { code, out, err } = await run();
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual(['error: cannot connect to NATS at nats://127.0.0.1:1: connection refused; check NATS_URL and that nats-server runs there']);
  });

  it('prints every fact meaningfully: a certificate fact with the fields present, any other event with its subject and fields', () => {
    const granted = {
      id: 'e-1',
      source: 'urn:madeinbanat:certification',
      type: 'eu.madeinbanat.certification.certificate.granted.v1',
      time: '2026-01-10T10:00:00.000Z',
      subject: 'MIB-2026-000001',
      data: { certificateNumber: 'MIB-2026-000001', holderOrganisationId: 'org-1', holderCountry: 'RO', holderRegion: 'RO-TM', schemeId: 'made-in-banat', schemeVersion: 1, products: [{ name: 'Banat plum brandy', niceClass: 33 }], validFrom: '2026-01-10', validUntil: '2029-01-09', at: '2026-01-10T10:00:00.000Z' },
    };
    expect(describeFact(granted)).toBe('2026-01-10T10:00:00.000Z  certificate.granted.v1  MIB-2026-000001  holder org-1 (RO-TM)  scheme made-in-banat v1  valid 2026-01-10 to 2029-01-09  products: Banat plum brandy');
    expect(describeFact({ ...granted, type: 'eu.madeinbanat.certification.certificate.suspended.v1', data: { certificateNumber: 'MIB-2026-000001', holderOrganisationId: 'org-1', reason: 'audit' } })).toBe(
      '2026-01-10T10:00:00.000Z  certificate.suspended.v1  MIB-2026-000001  holder org-1  (audit)',
    );
    // An application (a consumer made with a wider filter by an earlier version still delivers them): never "undefined".
    const application = describeFact({
      time: '2026-01-09T08:00:00.000Z',
      type: 'eu.madeinbanat.certification.application.submitted.v1',
      subject: 'app-7',
      data: { applicationId: 'app-7', applicantOrganisationId: 'org-2', applicantCountry: 'RS', applicantRegion: 'RS-VO', schemeId: 'made-in-banat', schemeVersion: 1, at: '2026-01-09T08:00:00.000Z' },
    });
    expect(application).toBe('2026-01-09T08:00:00.000Z  application.submitted.v1  app-7  applicationId=app-7  applicantOrganisationId=org-2  applicantCountry=RS  applicantRegion=RS-VO  schemeId=made-in-banat  schemeVersion=1  at=2026-01-09T08:00:00.000Z');
    expect(application).not.toContain('undefined');
  });
});
