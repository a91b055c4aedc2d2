/**
 * `npm run bench`: every benchmark, each printing its figures and its ratio to a baseline measured
 * in the same run on the same fresh local servers. No assertions: figures are read, not tested.
 */
import { main as benchCommands } from './bench-commands';
import { main as benchEventStore } from './bench-event-store';
import { main as benchHttp } from './bench-http';
import { main as benchProjections } from './bench-projections';
import { main as benchRpc } from './bench-rpc';
import { main as benchStore } from './bench-store';

async function main(): Promise<void> {
  await benchEventStore();
  await benchRpc();
  await benchCommands();
  await benchProjections();
  await benchStore();
  await benchHttp();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
