import { InvalidArgumentError } from 'commander';
import { certificateAsOf } from '../services/certification/src/domain';
import { issued, suspended } from '../services/certification/src/domain/certificate/certificate.fixtures';
import { parseAt } from './audit-cli';
import { runAudit } from './audit';

/** `--at` of every audit command, read as the HTTP API reads `when`. */
describe('parseAt', () => {
  it.each([
    ['2027-01-15', '2027-01-15T21:59:59.999Z'], // winter: Bucharest is UTC+2
    ['2027-07-15', '2027-07-15T20:59:59.999Z'], // summer: UTC+3
    ['2027-03-28', '2027-03-28T20:59:59.999Z'], // the clocks go forward that night: the day has 23 hours
    ['2027-10-31', '2027-10-31T21:59:59.999Z'], // and back: 25 hours
    ['2028-02-29', '2028-02-29T21:59:59.999Z'],
  ])('reads a day, %s, as the last instant of it in Europe/Bucharest: %s', (day, instant) => {
    expect(parseAt(day)).toBe(instant);
  });

  it.each([
    ['2027-01-15T00:00:00Z', '2027-01-15T00:00:00.000Z'],
    ['2027-01-15T10:30:00+02:00', '2027-01-15T08:30:00.000Z'],
    ['2027-01-15T23:59:59.5-01:00', '2027-01-16T00:59:59.500Z'],
  ])('reads an instant, %s, as itself: %s', (text, instant) => {
    expect(parseAt(text)).toBe(instant);
  });

  it('reads what it returned as the same instant (a caller may parse --at again)', () => {
    expect(parseAt(parseAt('2027-01-15'))).toBe('2027-01-15T21:59:59.999Z');
  });

  it.each(['tomorrow', '2027-02-30', '2027-13-01', '2027-01-15T10:30', '2027-01-15T25:00:00Z', '15.01.2027'])('refuses %s', (text) => {
    expect(() => parseAt(text)).toThrow(InvalidArgumentError);
  });

  it('cuts the history off where the HTTP as-of does: a suspension at 00:30 in Bucharest is the next day', () => {
    // 2025-09-10T21:30Z is 2025-09-11 00:30 in Bucharest (UTC+3), still the 10th in UTC.
    const events = [issued(), suspended('2025-09-10T21:30:00.000Z')];
    for (const day of ['2025-09-10', '2025-09-11']) {
      expect([day, certificateAsOf(events, parseAt(day)).status]).toEqual([day, certificateAsOf(events, day).status]);
    }
    expect(certificateAsOf(events, parseAt('2025-09-10')).status).toBe('active');
    expect(certificateAsOf(events, parseAt('2025-09-11')).status).toBe('suspended');
  });
});

describe('audit --help', () => {
  const help = async (...argv: string[]) => {
    const out: string[] = [];
    expect(await runAudit([...argv, '--help'], (l) => out.push(l), 'nats://127.0.0.1:1', {}, () => undefined)).toBe(0);
    return out.join('\n').replace(/\s+/g, ' ');
  };

  it.each([[[]], [['as-of']], [['credential', 'verify']]])('%j says how --at reads a day and an instant', async (argv) => {
    expect(await help(...argv)).toContain('a day means its end in Europe/Bucharest, as the HTTP API\'s as-of reads it; an instant means itself');
  });
});

describe('npm run audit', () => {
  it('runs the built audit tool, as npm run token runs issue-token (npm run -s audit -- <command>: -s keeps npm\'s own lines out of --json)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { scripts } = require('../package.json') as { scripts: Record<string, string> };
    // (after scripts/check-built.js, which says how to build on a fresh clone: scripts/check-built.unit.spec.ts)
    expect(scripts.audit).toMatch(/ && node -r \.\/scripts\/paths\.js dist\/scripts\/audit\.js$/);
    expect(scripts.token).toMatch(/ && node -r \.\/scripts\/paths\.js dist\/scripts\/issue-token\.js$/);
  });
});
