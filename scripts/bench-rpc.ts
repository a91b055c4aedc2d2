/**
 * RPC benchmark (no assertions): raw NATS request/reply (baseline) against the Nest request path
 * (registry ping, and a registry read: validation + Mongo), each service in its own process as in
 * production, all on fresh local servers. Run: npm run build && node dist/scripts/bench-rpc.js
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ClientProxyFactory, ClientProxy, Transport } from '@nestjs/microservices';
import { connect, headers as natsHeaders, NatsConnection } from 'nats';
import { firstValueFrom } from 'rxjs';
import { pingSubject, RegistrySubjects } from '../libs/contracts/src';
import { signedIdentityHeader, startTestServers, testIdentityKeys } from '../libs/testing/src';
import { cpuMs } from './process-cpu';
import { SERVICE_NODE_FLAGS } from './service-flags';

const root = resolve(__dirname, '..', '..');
const N = Number(process.env.BENCH_N ?? 2000);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** CPU time (µs) of the responding process per request over a timed run (from /proc): steadier than the rates on a shared machine. */
const perOp = (before: number | undefined, after: number | undefined, ops: number) => (before === undefined || after === undefined ? NaN : ((after - before) * 1000) / ops);

async function measure(name: string, op: () => Promise<unknown>, pid: number | undefined) {
  for (let i = 0; i < 200; i++) await op(); // warm-up
  const latencies: number[] = [];
  const cpu0 = cpuMs(pid);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const s = process.hrtime.bigint();
    await op();
    latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  const seqMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu1 = cpuMs(pid);
  latencies.sort((a, b) => a - b);
  const wide = N * 5;
  let next = 0;
  const t1 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: 100 }, async () => {
    while (next++ < wide) await op();
  }));
  const wideMs = Number(process.hrtime.bigint() - t1) / 1e6;
  const cpu2 = cpuMs(pid);
  return { name, p50: percentile(latencies, 50), p99: percentile(latencies, 99), seqPerSec: (N / seqMs) * 1000, widePerSec: (wide / wideMs) * 1000, seqCpu: perOp(cpu0, cpu1, N), wideCpu: perOp(cpu1, cpu2, wide) };
}

function spawnService(service: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [...SERVICE_NODE_FLAGS, '-r', join(root, 'scripts', 'paths.js'), join(root, 'dist', 'services', service, 'src', 'main.js')], { env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, stdio: 'inherit' });
}

/** A bare NATS responder in its own process: what request/reply costs without Nest. */
function spawnRawResponder(natsUrl: string): ChildProcess {
  const code = `const { connect } = require('nats'); (async () => { const nc = await connect({ servers: '${natsUrl}' }); const sub = nc.subscribe('bench.raw', { queue: 'raw' }); for await (const m of sub) m.respond(m.data); })();`;
  return spawn(process.execPath, ['-e', code], { cwd: root, stdio: 'inherit' });
}

async function waitFor(check: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      await check();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('service did not come up');
}

export async function main(): Promise<void> {
  const env = await startTestServers();
  const children: ChildProcess[] = [];
  let nc: NatsConnection | undefined;
  let client: ClientProxy | undefined;
  try {
    const [raw, registry] = [spawnRawResponder(env.natsUrl), spawnService('registry', { NATS_URL: env.natsUrl, MONGO_URL: env.mongoUrl, ...testIdentityKeys })];
    children.push(raw, registry);
    nc = await connect({ servers: env.natsUrl, noAsyncTraces: true });
    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [env.natsUrl] } });
    await client.connect();
    await waitFor(() => nc!.request('bench.raw', new Uint8Array(8), { timeout: 500 }));
    await waitFor(() => firstValueFrom(client!.send(pingSubject('registry'), {})));
    // Registering is the secretariat's: signed as the gateway signs it (the reads below need no caller).
    const signed = natsHeaders();
    for (const [k, v] of Object.entries(await signedIdentityHeader(RegistrySubjects.register, { actor: 'bench', role: 'secretariat' }))) signed.set(k, v);
    const body = { kind: 'sme', name: { en: 'Bench Ltd' }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: 'RO18547290' } };
    const answer = JSON.parse(new TextDecoder().decode((await nc.request(RegistrySubjects.register, JSON.stringify({ pattern: RegistrySubjects.register, data: body, id: 'bench-register' }), { timeout: 10_000, headers: signed })).data)) as { response?: { id: string }; err?: unknown };
    if (!answer.response) throw new Error(`registering the bench organisation: ${JSON.stringify(answer.err)}`);
    const created = answer.response;
    const payload = new TextEncoder().encode(JSON.stringify({ id: created.id }));
    const rows = [
      await measure('raw NATS request/reply (baseline)', () => nc!.request('bench.raw', payload, { timeout: 5000 }), raw.pid),
      await measure('Nest RPC: registry ping', () => firstValueFrom(client!.send(pingSubject('registry'), {})), registry.pid),
      await measure('Nest RPC: registry get (validate + Mongo read)', () => firstValueFrom(client!.send(RegistrySubjects.get, { id: created.id })), registry.pid),
    ];
    const base = rows[0];
    console.log(`\nRPC benchmark (N=${N} sequential, ${N * 5} with 100 in flight; each side in its own process)`);
    console.log('path'.padEnd(50), 'p50 ms', ' p99 ms', ' seq/s', '  x base', ' 100-in-flight/s', ' x base', ' CPU µs seq', ' CPU µs 100');
    for (const r of rows) {
      console.log(
        r.name.padEnd(50),
        r.p50.toFixed(3).padStart(6),
        r.p99.toFixed(3).padStart(7),
        r.seqPerSec.toFixed(0).padStart(6),
        (r.seqPerSec / base.seqPerSec).toFixed(2).padStart(8),
        r.widePerSec.toFixed(0).padStart(16),
        (r.widePerSec / base.widePerSec).toFixed(2).padStart(7),
        r.seqCpu.toFixed(0).padStart(11),
        r.wideCpu.toFixed(0).padStart(11),
      );
    }
    console.log('CPU µs: CPU time (user + system, from /proc) of the responding process (the raw responder, the registry) per request');
  } finally {
    await client?.close();
    await nc?.close();
    children.forEach((c) => c.kill('SIGTERM'));
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await env.stop();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
