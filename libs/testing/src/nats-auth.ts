import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, ConnectionOptions, NatsConnection } from 'nats';
import { projectRoot, RunningServer, startNats } from './servers';

/** The project's bus permissions: one user per service, gateway, auditor and partner. */
export const NATS_AUTH_CONF = join(projectRoot, 'deploy', 'nats', 'auth.conf');

/** Users that must use their own inbox prefix (they may not subscribe to the shared `_INBOX.>`). */
export const inboxPrefixFor = (user: string): string | undefined => (user === 'auditor' || user.startsWith('partner-') ? `_INBOX_${user}` : undefined);

/** The environment variables the config reads the passwords from, by user name. */
export function passwordVariables(configFile = NATS_AUTH_CONF): Map<string, string> {
  const text = readFileSync(configFile, 'utf8');
  const users = new Map<string, string>();
  for (const match of text.matchAll(/user:\s*([\w-]+)\s+password:\s*\$(\w+)/g)) users.set(match[1]!, match[2]!);
  return users;
}

export interface SecuredNats extends RunningServer {
  /** Connects as one of the configured users, with that user's inbox prefix. */
  connectAs(user: string, options?: Partial<ConnectionOptions>): Promise<NatsConnection>;
  passwordOf(user: string): string;
}

/** Starts a real nats-server (JetStream) with the permissions config and a random password per user. */
export async function startNatsWithAuth(configFile = NATS_AUTH_CONF): Promise<SecuredNats> {
  const variables = passwordVariables(configFile);
  const passwords = new Map([...variables.keys()].map((user) => [user, randomBytes(18).toString('base64url')]));
  const saved = new Map([...variables.values()].map((name) => [name, process.env[name]]));
  // nats-server resolves `$VARIABLE` from its environment, which the child inherits at spawn.
  for (const [user, name] of variables) process.env[name] = passwords.get(user);
  let server: RunningServer;
  try {
    server = await startNats({ configFile });
  } finally {
    for (const [name, value] of saved) value === undefined ? delete process.env[name] : (process.env[name] = value);
  }
  const passwordOf = (user: string) => {
    const password = passwords.get(user);
    if (!password) throw new Error(`no user '${user}' in ${configFile}`);
    return password;
  };
  return {
    ...server,
    passwordOf,
    connectAs: (user, options = {}) =>
      connect({ servers: server.url, user, pass: passwordOf(user), inboxPrefix: inboxPrefixFor(user), name: `test-${user}`, ...options }),
  };
}
