import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { headers as natsHeaders } from 'nats';
import { SignJWT } from 'jose';
import { loadConfig } from './config';
import { IDENTITY_HEADER, identityPrivateKey, IdentitySigner, identitySignerFrom, IdentityVerifier, identityVerifierFrom } from './identity';

const pem = () => {
  const pair = generateKeyPairSync('ed25519');
  return { IDENTITY_PRIVATE_KEY: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), IDENTITY_PUBLIC_KEY: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};
const keys = pem();
const subject = 'banat.rpc.certification.application.decide';
const headersWith = (values: Record<string, string>) => {
  const h = natsHeaders();
  for (const [k, v] of Object.entries(values)) h.set(k, v);
  return h;
};

describe('identity between the gateway and the services', () => {
  const signer = identitySignerFrom(keys);
  const verifier = identityVerifierFrom(keys);

  it('a service reads the actor, role and organisation the gateway signed for this subject', async () => {
    const token = await signer.sign(subject, { actor: 'dm-ana', role: 'decision-maker', org: 'org-1' }, 'corr-1');
    expect(await verifier.check(subject, headersWith({ [IDENTITY_HEADER]: token }))).toEqual({ ok: true, identity: { actor: 'dm-ana', role: 'decision-maker', org: 'org-1' } });
  });

  it('no caller header at all is an anonymous request', async () => {
    expect(await verifier.check(subject, undefined)).toEqual({ ok: true, identity: {} });
    expect(await verifier.check(subject, headersWith({ 'x-correlation-id': 'c' }))).toEqual({ ok: true, identity: {} });
  });

  it.each([
    ['plain caller headers', async () => ({ 'x-actor': 'mallory', 'x-role': 'secretariat' }), /without a signed identity/],
    ['an assertion for another subject', async () => ({ [IDENTITY_HEADER]: await signer.sign('banat.rpc.registry.organisation.get', { role: 'secretariat' }, undefined) }), /not for this request \(aud\)/],
    ['an assertion signed with another key', async () => ({ [IDENTITY_HEADER]: await new IdentitySigner(identityPrivateKey(pem().IDENTITY_PRIVATE_KEY)).sign(subject, { role: 'secretariat' }, undefined) }), /not valid/],
    ['an expired assertion', async () => ({ [IDENTITY_HEADER]: await new SignJWT({ role: 'secretariat' }).setProtectedHeader({ alg: 'EdDSA' }).setIssuer('banat-gateway').setAudience(subject).setIssuedAt(1_700_000_000).setExpirationTime(1_700_000_090).sign(identityPrivateKey(keys.IDENTITY_PRIVATE_KEY)) }), /expired/],
    ['garbage', async () => ({ [IDENTITY_HEADER]: 'not-a-jwt' }), /not valid/],
  ])('%s is refused with the reason', async (_, headers, reason) => {
    const checked = await verifier.check(subject, headersWith(await headers()));
    expect(checked).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('a service without the public key believes no assertion', async () => {
    const token = await signer.sign(subject, { role: 'secretariat' }, undefined);
    expect(await new IdentityVerifier(undefined).check(subject, headersWith({ [IDENTITY_HEADER]: token }))).toEqual({ ok: false, reason: expect.stringMatching(/IDENTITY_PUBLIC_KEY/) });
  });

  it('the gateway does not start without its key; a key that is not Ed25519 stops any service with the variable\'s name', () => {
    expect(() => identitySignerFrom({})).toThrow(/IDENTITY_PRIVATE_KEY is required/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => loadConfig({ IDENTITY_PUBLIC_KEY: rsa })).toThrow(/IDENTITY_PUBLIC_KEY: must be an Ed25519 key/);
    expect(() => loadConfig({ IDENTITY_PRIVATE_KEY: 'nonsense' })).toThrow(/IDENTITY_PRIVATE_KEY: must be an Ed25519 key/);
    // The private key given where the public one belongs is refused, not quietly turned into its public half.
    expect(() => loadConfig({ IDENTITY_PUBLIC_KEY: keys.IDENTITY_PRIVATE_KEY })).toThrow(/IDENTITY_PUBLIC_KEY: must be an Ed25519 key/);
    expect(loadConfig({ IDENTITY_PUBLIC_KEY: keys.IDENTITY_PUBLIC_KEY.replace(/\n/g, '\\n') }).IDENTITY_PUBLIC_KEY).toBeDefined();
  });
});
