import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { headers as natsHeaders } from 'nats';
import { SignJWT } from 'jose';
import { loadConfig } from './config';
import { IDENTITY_HEADER, identityPrivateKey, identityPublicKey, IdentitySigner, identitySignerFrom, IdentityVerifier, identityVerifierFrom } from './identity';

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
    const token = await signer.sign(subject, { actor: 'dm-ana', role: 'decision-maker', org: 'org-1' });
    expect(await verifier.check(subject, headersWith({ [IDENTITY_HEADER]: token }))).toEqual({ ok: true, identity: { actor: 'dm-ana', role: 'decision-maker', org: 'org-1' } });
  });

  it('no caller header at all is an anonymous request', async () => {
    expect(await verifier.check(subject, undefined)).toEqual({ ok: true, identity: {} });
    expect(await verifier.check(subject, headersWith({ 'x-correlation-id': 'c' }))).toEqual({ ok: true, identity: {} });
  });

  it.each([
    ['plain caller headers', async () => ({ 'x-actor': 'mallory', 'x-role': 'secretariat' }), /without a signed identity/],
    ['an assertion for another subject', async () => ({ [IDENTITY_HEADER]: await signer.sign('banat.rpc.registry.organisation.get', { role: 'secretariat' }) }), /not for this request \(aud\)/],
    ['an assertion signed with another key', async () => ({ [IDENTITY_HEADER]: await new IdentitySigner(identityPrivateKey(pem().IDENTITY_PRIVATE_KEY)).sign(subject, { role: 'secretariat' }) }), /not valid/],
    ['an expired assertion', async () => ({ [IDENTITY_HEADER]: await new SignJWT({ role: 'secretariat' }).setProtectedHeader({ alg: 'EdDSA' }).setIssuer('banat-gateway').setAudience(subject).setIssuedAt(1_700_000_000).setExpirationTime(1_700_000_090).sign(identityPrivateKey(keys.IDENTITY_PRIVATE_KEY)) }), /expired/],
    ['garbage', async () => ({ [IDENTITY_HEADER]: 'not-a-jwt' }), /not valid/],
  ])('%s is refused with the reason', async (_, headers, reason) => {
    const checked = await verifier.check(subject, headersWith(await headers()));
    expect(checked).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('a service without the public key believes no assertion', async () => {
    const token = await signer.sign(subject, { role: 'secretariat' });
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

  describe('assertions kept between requests', () => {
    const t0 = Date.UTC(2026, 11, 1, 12, 0, 0);
    const clockAt = (start: number) => {
      const clock = { ms: start, now: () => clock.ms };
      return clock;
    };
    const privateKey = identityPrivateKey(keys.IDENTITY_PRIVATE_KEY);
    const publicKey = identityPublicKey(keys.IDENTITY_PUBLIC_KEY);
    const headerOf = (token: string) => headersWith({ [IDENTITY_HEADER]: token });

    it('the gateway sends one assertion again for the same caller and subject for 30 s, then signs a new one', async () => {
      const clock = clockAt(t0);
      const signer = new IdentitySigner(privateKey, clock.now);
      const caller = { actor: 'sec-1', role: 'secretariat' };
      const first = await signer.sign(subject, caller);
      clock.ms += 29_000;
      expect(await signer.sign(subject, { ...caller })).toBe(first);
      expect(await signer.sign('banat.rpc.registry.organisation.get', caller)).not.toBe(first);
      expect(await signer.sign(subject, { ...caller, actor: 'sec-2' })).not.toBe(first);
      expect(await signer.sign(subject, { ...caller, role: 'decision-maker' })).not.toBe(first);
      expect(await signer.sign(subject, { ...caller, org: 'org-1' })).not.toBe(first);
      clock.ms += 2_000;
      const renewed = await signer.sign(subject, caller);
      expect(renewed).not.toBe(first);
      // A reused assertion still has at least 60 s to live when sent.
      expect(await new IdentityVerifier(publicKey, () => t0 + 31_000 + 60_000).check(subject, headerOf(renewed))).toEqual({ ok: true, identity: { actor: 'sec-1', role: 'secretariat', org: undefined } });
    });

    it('a service checks an assertion\'s signature once and believes it again while it is valid', async () => {
      const clock = clockAt(t0);
      const token = await new IdentitySigner(privateKey, clock.now).sign(subject, { actor: 'sec-1', role: 'secretariat', org: 'org-1' });
      const verifier = new IdentityVerifier(publicKey, clock.now);
      const expected = { ok: true, identity: { actor: 'sec-1', role: 'secretariat', org: 'org-1' } };
      expect(await verifier.check(subject, headerOf(token))).toEqual(expected);
      expect(verifier.cachedAssertions).toBe(1);
      clock.ms += 60_000;
      expect(await verifier.check(subject, headerOf(token))).toEqual(expected);
      expect(verifier.cachedAssertions).toBe(1);
    });

    it('requests arriving together with a new assertion share one signature check; another subject is still refused', async () => {
      const token = await new IdentitySigner(privateKey, () => t0).sign(subject, { actor: 'sec-1', role: 'secretariat' });
      let clockReads = 0;
      const verifier = new IdentityVerifier(publicKey, () => (clockReads++, t0 + 1_000));
      const checks = await Promise.all(Array.from({ length: 10 }, () => verifier.check(subject, headerOf(token))));
      expect(checks).toEqual(Array(10).fill({ ok: true, identity: { actor: 'sec-1', role: 'secretariat', org: undefined } }));
      expect(clockReads).toBe(1); // one jwtVerify for the ten
      const [elsewhere, here] = await Promise.all([verifier.check('banat.rpc.certification.certificate.suspend', headerOf(token)), verifier.check(subject, headerOf(token))]);
      expect(elsewhere).toEqual({ ok: false, reason: 'the signed identity is not for this request (aud)' });
      expect(here.ok).toBe(true);
    });

    it('an assertion kept is refused once it expires (exp, with 5 s of skew), and dropped', async () => {
      const clock = clockAt(t0);
      const token = await new IdentitySigner(privateKey, clock.now).sign(subject, { role: 'secretariat' });
      const verifier = new IdentityVerifier(publicKey, clock.now);
      expect((await verifier.check(subject, headerOf(token))).ok).toBe(true);
      clock.ms += 94_000;
      expect((await verifier.check(subject, headerOf(token))).ok).toBe(true);
      clock.ms += 1_000;
      expect(await verifier.check(subject, headerOf(token))).toEqual({ ok: false, reason: 'the signed identity has expired' });
      expect(verifier.cachedAssertions).toBe(0);
      expect(await verifier.check(subject, headerOf(token))).toEqual({ ok: false, reason: 'the signed identity has expired' });
    });

    it('an assertion kept is refused once older than 90 s, whatever expiry it names', async () => {
      const clock = clockAt(t0);
      const iat = Math.floor(t0 / 1000);
      const token = await new SignJWT({ role: 'secretariat' }).setProtectedHeader({ alg: 'EdDSA' }).setIssuer('banat-gateway').setAudience(subject).setIssuedAt(iat).setExpirationTime(iat + 3600).sign(privateKey);
      const verifier = new IdentityVerifier(publicKey, clock.now);
      expect((await verifier.check(subject, headerOf(token))).ok).toBe(true);
      clock.ms += 96_000;
      expect(await verifier.check(subject, headerOf(token))).toEqual({ ok: false, reason: 'the signed identity has expired' });
    });

    it('an assertion kept for one subject is refused on another', async () => {
      const clock = clockAt(t0);
      const token = await new IdentitySigner(privateKey, clock.now).sign(subject, { role: 'secretariat' });
      const verifier = new IdentityVerifier(publicKey, clock.now);
      expect((await verifier.check(subject, headerOf(token))).ok).toBe(true);
      expect(await verifier.check('banat.rpc.certification.certificate.suspend', headerOf(token))).toEqual({ ok: false, reason: 'the signed identity is not for this request (aud)' });
      expect((await verifier.check(subject, headerOf(token))).ok).toBe(true);
    });

    it('a refused assertion is not kept: a forged one is refused every time', async () => {
      const verifier = new IdentityVerifier(publicKey);
      const forged = await new IdentitySigner(identityPrivateKey(pem().IDENTITY_PRIVATE_KEY)).sign(subject, { role: 'secretariat' });
      for (let i = 0; i < 2; i++) expect(await verifier.check(subject, headerOf(forged))).toEqual({ ok: false, reason: 'the signed identity is not valid' });
      const good = await new IdentitySigner(privateKey).sign(subject, { role: 'secretariat' });
      expect((await verifier.check(subject, headerOf(good))).ok).toBe(true);
      // The same claims under a tampered signature are another token: checked, and refused.
      const tampered = good.slice(0, -2) + (good.endsWith('AA') ? 'BB' : 'AA');
      expect(await verifier.check(subject, headerOf(tampered))).toEqual({ ok: false, reason: 'the signed identity is not valid' });
      expect(verifier.cachedAssertions).toBe(1);
    });
  });
});
