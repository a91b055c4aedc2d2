import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, RunningServer, startNats } from './servers';

export interface ClusterNode {
  name: string;
  server: RunningServer;
  /** The node's monitoring endpoint (/jsz, /routez) on 127.0.0.1. */
  monitorUrl: string;
}

export interface NatsCluster {
  nodes: ClusterNode[];
  /** Every node's client URL, comma-separated: what NATS_URL names. */
  url: string;
  stop(): Promise<void>;
}

/** JetStream as one node sees it: its meta leader and the streams it holds a copy of (GET /jsz). */
export interface JszReport {
  meta_cluster?: { leader?: string; cluster_size?: number };
  account_details?: Array<{ stream_detail?: Array<{ name: string; state: { messages: number; last_seq: number } }> }>;
}

export async function jsz(node: ClusterNode): Promise<JszReport> {
  const res = await fetch(`${node.monitorUrl}/jsz?accounts=true&streams=true`);
  return (await res.json()) as JszReport;
}

/**
 * `size` nats-server processes on 127.0.0.1 forming one JetStream cluster (routes on free ports,
 * each with its own store directory and monitoring port); resolves once a meta leader is elected.
 */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'banat-nats-cluster-'));
  const specs = await Promise.all(
    Array.from({ length: size }, async (_, i) => ({ name: `n${i + 1}`, port: await freePort(), routePort: await freePort(), monitorPort: await freePort() })),
  );
  const nodes: ClusterNode[] = [];
  try {
    for (const spec of specs) {
      const routes = specs.filter((s) => s !== spec).map((s) => `"nats-route://127.0.0.1:${s.routePort}"`);
      const config = join(dir, `${spec.name}.conf`);
      writeFileSync(
        config,
        [
          `server_name: ${spec.name}`,
          `http: "127.0.0.1:${spec.monitorPort}"`,
          `cluster { name: banat, listen: "127.0.0.1:${spec.routePort}", routes: [${routes.join(', ')}] }`,
          '',
        ].join('\n'),
      );
      const server = await startNats({ port: spec.port, storeDir: join(dir, spec.name), configFile: config });
      nodes.push({ name: spec.name, server, monitorUrl: `http://127.0.0.1:${spec.monitorPort}` });
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      const reports = await Promise.all(nodes.map((n) => jsz(n).catch(() => ({}) as JszReport)));
      if (reports.every((r) => r.meta_cluster?.leader && r.meta_cluster.cluster_size === size)) break;
      if (Date.now() > deadline) throw new Error(`no JetStream meta leader within 30 s: ${JSON.stringify(reports.map((r) => r.meta_cluster))}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error) {
    await Promise.all(nodes.map((n) => n.server.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    nodes,
    url: nodes.map((n) => n.server.url).join(','),
    stop: async () => {
      await Promise.all(nodes.map((n) => n.server.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
