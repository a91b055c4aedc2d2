/**
 * `npm run bench`: every benchmark, each printing its figures and its ratio to a baseline measured
 * in the same run on the same fresh local servers. No assertions: figures are read, not tested.
 * BENCH_PARTS=commands,http (names below) runs only those.
 */
import { main as benchAuditRebuild } from './bench-audit-rebuild';
import { main as benchCommands } from './bench-commands';
import { main as benchEventStore } from './bench-event-store';
import { main as benchHttp } from './bench-http';
import { main as benchListings } from './bench-listings';
import { main as benchProjections } from './bench-projections';
import { main as benchProjectionLag } from './bench-projection-lag';
import { main as benchRpc } from './bench-rpc';
import { main as benchStore } from './bench-store';

const PARTS: Record<string, () => Promise<void>> = {
  'event-store': benchEventStore,
  rpc: benchRpc,
  commands: benchCommands,
  projections: benchProjections,
  'projection-lag': benchProjectionLag,
  store: benchStore,
  'audit-rebuild': benchAuditRebuild,
  listings: benchListings,
  http: benchHttp,
};

async function main(): Promise<void> {
  const wanted = process.env.BENCH_PARTS?.split(',') ?? Object.keys(PARTS);
  const unknown = wanted.filter((part) => !PARTS[part]);
  if (unknown.length) throw new Error(`BENCH_PARTS: unknown ${unknown.join(', ')} (known: ${Object.keys(PARTS).join(', ')})`);
  for (const [name, run] of Object.entries(PARTS)) if (wanted.includes(name)) await run();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
