import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { loadConfig, publicBaseUrl } from '@banat/messaging';

const pkcs8 = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const pem = (type: 'ed25519' | 'rsa' | 'ec', namedCurve = 'P-256'): string =>
  pkcs8(type === 'ed25519' ? generateKeyPairSync('ed25519').privateKey : type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : generateKeyPairSync('ec', { namedCurve }).privateKey);

describe('credential signing configuration', () => {
  it('takes an Ed25519 or P-256 private key in PEM, with \\n escapes as in an env file', () => {
    expect(loadConfig({ CREDENTIAL_SIGNING_KEY: pem('ed25519') }).CREDENTIAL_SIGNING_KEY).toContain('PRIVATE KEY');
    expect(() => loadConfig({ CREDENTIAL_SIGNING_KEY: pem('ec', 'P-256').replace(/\n/g, '\\n') })).not.toThrow();
  });

  it('refuses other keys, public keys and junk, naming the variable; and an issuer that is not a URL', () => {
    expect(() => loadConfig({ CREDENTIAL_SIGNING_KEY: pem('rsa') })).toThrow('CREDENTIAL_SIGNING_KEY: must be an Ed25519 or P-256 private key');
    expect(() => loadConfig({ CREDENTIAL_SIGNING_KEY: pem('ec', 'P-384') })).toThrow('CREDENTIAL_SIGNING_KEY: must be an Ed25519 or P-256 private key');
    const publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => loadConfig({ CREDENTIAL_SIGNING_KEY: publicKey })).toThrow('CREDENTIAL_SIGNING_KEY: must be a private key in PEM');
    expect(() => loadConfig({ CREDENTIAL_SIGNING_KEY: 'secret' })).toThrow('CREDENTIAL_SIGNING_KEY: must be a private key in PEM');
    expect(() => loadConfig({ CREDENTIAL_ISSUER: 'made-in-banat' })).toThrow(/CREDENTIAL_ISSUER/);
  });

  it("takes the issuer id from each start's PUBLIC_BASE_URL, else CREDENTIAL_ISSUER (its former name), else the gateway's PORT", () => {
    expect(publicBaseUrl(loadConfig({}))).toBe('http://127.0.0.1:3000');
    expect(publicBaseUrl(loadConfig({ PORT: '4000' }))).toBe('http://127.0.0.1:4000');
    expect(publicBaseUrl(loadConfig({ PORT: '4000', PUBLIC_BASE_URL: 'https://api.madeinbanat.eu/' }))).toBe('https://api.madeinbanat.eu');
    expect(publicBaseUrl(loadConfig({ CREDENTIAL_ISSUER: 'https://api.madeinbanat.eu' }))).toBe('https://api.madeinbanat.eu');
    expect(publicBaseUrl(loadConfig({ CREDENTIAL_ISSUER: 'https://api.madeinbanat.eu', PUBLIC_BASE_URL: 'https://api.madeinbanat.eu/' }))).toBe('https://api.madeinbanat.eu');
    expect(() => loadConfig({ CREDENTIAL_ISSUER: 'https://old.example', PUBLIC_BASE_URL: 'https://api.madeinbanat.eu' })).toThrow(/PUBLIC_BASE_URL: differs from CREDENTIAL_ISSUER/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'api.madeinbanat.eu' })).toThrow(/PUBLIC_BASE_URL/);
  });
});
