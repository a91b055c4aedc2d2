import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as models from 'kubernetes-models';
import { parseAllDocuments } from 'yaml';
import { natsUsers, repoRoot, serviceDirectories, variablesReadByCode } from './test/deploy-env';

/** deploy/k8s: every document validated offline against the Kubernetes API schemas (kubernetes-models), and checked for what operators rely on. */
const dir = join(repoRoot, 'deploy/k8s');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;
const docs: Array<{ file: string; doc: Doc }> = files.flatMap((file) =>
  parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    return { file, doc: d.toJS() as Doc };
  }),
);
const kube = docs.filter(({ doc }) => doc.kind !== 'Kustomization');
const ofKind = (kind: string) => kube.filter(({ doc }) => doc.kind === kind).map(({ doc }) => doc);
const deployments = ofKind('Deployment');
const container = (d: Doc): Doc => d.spec.template.spec.containers[0];
const envOf = (d: Doc): Record<string, Doc> => Object.fromEntries((container(d).env ?? []).map((e: Doc) => [e.name, e]));
const configMaps = new Map(ofKind('ConfigMap').map((c) => [c.metadata.name as string, c.data as Record<string, string>]));
/** Every variable a Deployment's container gets: from its ConfigMaps and its own env. */
const variablesOf = (d: Doc): Record<string, string | Doc> => ({
  ...Object.assign({}, ...(container(d).envFrom ?? []).map((f: Doc) => configMaps.get(f.configMapRef?.name) ?? {})),
  ...Object.fromEntries(Object.entries(envOf(d)).map(([k, e]) => [k, e.value ?? e.valueFrom])),
});

/** The model class of a document: `apps/v1` Deployment → kubernetes-models apps.v1.Deployment. */
function modelOf(apiVersion: string, kind: string): new (data: Doc) => { validate(): void } {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const key = group ? group!.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase()) : 'v1';
  const scope = (models as unknown as Record<string, Doc>)[key];
  const model = (group ? scope?.[version!] : scope)?.[kind];
  if (!model) throw new Error(`no kubernetes-models class for ${apiVersion} ${kind}`);
  return model;
}

describe('deploy/k8s manifests', () => {
  it.each(kube.map(({ file, doc }) => [`${file}: ${doc.kind} ${doc.metadata?.name}`, doc] as const))('%s is valid against the Kubernetes schema', (_name, doc) => {
    const Model = modelOf(doc.apiVersion, doc.kind);
    expect(() => new Model(doc).validate()).not.toThrow();
  });

  it('rejects what the schema forbids (the validator really validates)', () => {
    const broken = structuredClone(deployments[0]!);
    broken.spec.replicas = 'two';
    const Model = modelOf('apps/v1', 'Deployment');
    expect(() => new Model(broken).validate()).toThrow(/replicas/);
  });

  it('kustomization.yaml lists every manifest', () => {
    const kustomization = docs.find(({ doc }) => doc.kind === 'Kustomization')!.doc;
    expect([...kustomization.resources].sort()).toEqual(files.filter((f) => f !== 'kustomization.yaml').sort());
  });

  it('runs every service, the certification service as one projecting replica and scalable command-only ones', () => {
    expect([...new Set(deployments.map((d) => variablesOf(d).SERVICE))].sort()).toEqual(serviceDirectories().sort());
    const certification = deployments.filter((d) => variablesOf(d).SERVICE === 'certification');
    const projecting = certification.filter((d) => variablesOf(d).CERTIFICATION_PROJECTORS !== 'off');
    expect(projecting).toHaveLength(1);
    expect(projecting[0]!.spec.replicas).toBe(1);
    expect(projecting[0]!.spec.strategy?.type).toBe('Recreate');
    const commandOnly = certification.filter((d) => variablesOf(d).CERTIFICATION_PROJECTORS === 'off');
    expect(commandOnly.length).toBe(1);
    expect(commandOnly[0]!.spec.replicas).toBeGreaterThanOrEqual(2);
  });

  it('gives every Deployment probes, resource requests and limits, and a non-root read-only container', () => {
    for (const d of deployments) {
      const c = container(d);
      const ports = new Map((c.ports ?? []).map((p: Doc) => [p.name, p.containerPort]));
      for (const probe of ['livenessProbe', 'readinessProbe']) {
        expect({ deployment: d.metadata.name, probe, port: ports.has(c[probe]?.httpGet?.port) }).toEqual({ deployment: d.metadata.name, probe, port: true });
      }
      expect(c.resources.requests).toEqual(expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }));
      expect(c.resources.limits).toEqual(expect.objectContaining({ memory: expect.anything() }));
      expect(d.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
      expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
      // The metrics port the scrape annotations name is the one the process listens on.
      expect(String(ports.get('metrics'))).toBe(String(variablesOf(d).METRICS_PORT));
      expect(d.spec.template.metadata.annotations['prometheus.io/port']).toBe(String(variablesOf(d).METRICS_PORT));
      expect(d.spec.selector.matchLabels).toEqual(expect.objectContaining({ 'app.kubernetes.io/name': d.metadata.name }));
      expect(d.spec.template.metadata.labels).toEqual(expect.objectContaining(d.spec.selector.matchLabels));
    }
  });

  it("exposes the gateway's public port only through its Service, never the metrics port", () => {
    const [service] = ofKind('Service');
    expect(ofKind('Service')).toHaveLength(1);
    const gateway = deployments.find((d) => d.metadata.name === 'gateway')!;
    expect(gateway.spec.template.metadata.labels).toEqual(expect.objectContaining(service!.spec.selector));
    expect(service!.spec.ports.map((p: Doc) => p.targetPort)).toEqual(['http']);
    expect(container(gateway).ports.find((p: Doc) => p.name === 'http').containerPort).toBe(Number(variablesOf(gateway).PORT));
    expect(envOf(gateway).METRICS_TOKEN?.valueFrom?.secretKeyRef).toBeDefined();
  });

  it('sets only variables the code reads, every secret from a Secret, each process as its own NATS user', () => {
    const read = variablesReadByCode();
    const users = natsUsers();
    for (const d of deployments) {
      const vars = variablesOf(d);
      expect({ deployment: d.metadata.name, unread: Object.keys(vars).filter((v) => !read.has(v)) }).toEqual({ deployment: d.metadata.name, unread: [] });
      for (const required of ['NATS_URL', 'MONGO_URL', 'NATS_USER', 'NATS_PASSWORD', 'IDENTITY_PUBLIC_KEY', 'METRICS_PORT']) expect(vars[required]).toBeDefined();
      expect(users.has(vars.NATS_USER as string)).toBe(true);
      expect(envOf(d).NATS_PASSWORD!.valueFrom.secretKeyRef).toEqual({ name: 'banat-nats-passwords', key: vars.NATS_USER });
      for (const [name, e] of Object.entries(envOf(d))) {
        if (/PASSWORD|SECRET|PRIVATE_KEY|SIGNING_KEY|TOKEN|API_KEYS|PUBLIC_KEY/.test(name)) expect({ name, fromSecret: e.valueFrom?.secretKeyRef !== undefined }).toEqual({ name, fromSecret: true });
      }
      for (const data of (container(d).envFrom ?? []).map((f: Doc) => configMaps.get(f.configMapRef.name))) expect(data).toBeDefined();
    }
    for (const data of configMaps.values()) for (const name of Object.keys(data)) expect(/PASSWORD|SECRET|PRIVATE_KEY|SIGNING_KEY|TOKEN/.test(name)).toBe(false);
    const withPrivateKey = deployments.filter((d) => envOf(d).IDENTITY_PRIVATE_KEY).map((d) => d.metadata.name);
    expect(withPrivateKey).toEqual(['gateway']);
    expect(deployments.filter((d) => envOf(d).CREDENTIAL_SIGNING_KEY).every((d) => variablesOf(d).SERVICE === 'certification')).toBe(true);
  });
});
