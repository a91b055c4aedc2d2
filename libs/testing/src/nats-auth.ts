import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, ConnectionOptions, NatsConnection } from 'nats';
import { freePort, projectRoot, RunningServer, startNats } from './servers';

/** The project's bus permissions: one user per service, gateway, auditor and partner. */
export const NATS_AUTH_CONF = join(projectRoot, 'deploy', 'nats', 'auth.conf');

/** Every user reads replies on its own inbox prefix: nobody may subscribe to the shared `_INBOX.>`. */
export const inboxPrefixFor = (user: string): string => `_INBOX_${user}`;

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
  /** The server's monitoring endpoint (accountz, connz) on 127.0.0.1, when started with `monitor`. */
  monitorUrl?: string;
}

/**
 * Starts a real nats-server (JetStream) with the permissions config and a random password per user.
 * The config is copied with the passwords written in: variables do not cross an `include`, and the
 * child does not see a test's process.env (jest sandboxes it).
 */
export async function startNatsWithAuth(configFile = NATS_AUTH_CONF, options: { monitor?: boolean } = {}): Promise<SecuredNats> {
  const variables = passwordVariables(configFile);
  const passwords = new Map([...variables.keys()].map((user) => [user, randomBytes(18).toString('base64url')]));
  const dir = mkdtempSync(join(tmpdir(), 'banat-nats-auth-'));
  const withPasswords = readFileSync(configFile, 'utf8').replace(/(user:\s*([\w-]+)\s+password:\s*)\$\w+/g, (_, head: string, user: string) => `${head}"${passwords.get(user)}"`);
  const monitorPort = options.monitor ? await freePort() : undefined;
  writeFileSync(join(dir, 'auth.conf'), monitorPort ? `${withPasswords}\nhttp: "127.0.0.1:${monitorPort}"\n` : withPasswords);
  let server: RunningServer;
  try {
    server = await startNats({ configFile: join(dir, 'auth.conf') });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const passwordOf = (user: string) => {
    const password = passwords.get(user);
    if (!password) throw new Error(`no user '${user}' in ${configFile}`);
    return password;
  };
  return {
    ...server,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    passwordOf,
    monitorUrl: monitorPort ? `http://127.0.0.1:${monitorPort}` : undefined,
    connectAs: (user, options = {}) =>
      connect({ servers: server.url, user, pass: passwordOf(user), inboxPrefix: inboxPrefixFor(user), name: `test-${user}`, ...options }),
  };
}
