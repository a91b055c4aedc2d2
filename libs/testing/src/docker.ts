import { existsSync } from 'node:fs';

/**
 * Whether a Docker engine is reachable, for testcontainers-based suites (real MongoDB,
 * EventStoreDB). Returns the reason when it is not, so a skipped suite can print why.
 */
export function dockerAvailability(): { available: true } | { available: false; reason: string } {
  const host = process.env.DOCKER_HOST;
  if (host) return { available: true };
  if (existsSync('/var/run/docker.sock')) return { available: true };
  return { available: false, reason: 'no Docker engine reachable (no DOCKER_HOST, no /var/run/docker.sock)' };
}

/** describe() that runs when `condition` holds and otherwise prints why the suite was skipped. */
export function describeIf(condition: boolean, reason: string): jest.Describe {
  if (condition) return describe;
  // Straight to stderr: jest does not show console output of a file whose tests are all skipped.
  process.stderr.write(`SKIPPED: ${reason}\n`);
  return describe.skip;
}
