/**
 * Issues a signed token for local use (demos, tests), with the gateway's own configuration:
 *   AUTH_JWT_SECRET=… node dist/scripts/issue-token.js --role expert --sub alice --ttl 1h
 *   AUTH_JWT_SECRET=… node dist/scripts/issue-token.js --role member --sub bob --org <organisation uuid>
 * Without AUTH_JWT_SECRET it uses the local platform's secret (.data/auth-secret, made by `npm start`):
 *   npm run token -- --role secretariat --sub ana
 * Prints the token alone on stdout: `curl -H "Authorization: Bearer $(node dist/scripts/issue-token.js …)"`.
 */
import 'reflect-metadata';
import { Command, Option } from 'commander';
import { loadConfig } from '../libs/messaging/src/config';
import { issueLocalToken } from '../services/gateway/src/auth/issue-token';
import { ROLES } from '../services/gateway/src/auth/roles';
import { tokenSigningSecret } from './local-secret';

const program = new Command('issue-token')
  .description('issue an HS256 token signed with AUTH_JWT_SECRET, else the secret npm start made in .data/auth-secret (iss AUTH_ISSUER, aud AUTH_AUDIENCE)')
  .addOption(new Option('--role <role>', 'the programme role').choices(ROLES).makeOptionMandatory())
  .requiredOption('--sub <actor>', 'who: becomes the actor in the event metadata')
  .option('--org <uuid>', 'member organisation id (required for --role member)')
  .option('--ttl <span>', 'lifetime: 90s, 15m, 1h, 1d; at most AUTH_MAX_TOKEN_LIFETIME_S (24 h), the longest the gateway accepts', '1h')
  .action(async (options: { role: (typeof ROLES)[number]; sub: string; org?: string; ttl: string }) => {
    // Without AUTH_JWT_SECRET, sign with the secret `npm start` made for the local platform.
    const token = await issueLocalToken(loadConfig({ ...process.env, AUTH_JWT_SECRET: tokenSigningSecret() }), options);
    process.stdout.write(`${token}\n`);
  });

program.parseAsync().catch((error: Error) => {
  process.stderr.write(`issue-token: ${error.message}\n`);
  process.exit(1);
});
