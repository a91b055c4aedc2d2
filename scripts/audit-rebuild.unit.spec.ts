import { hideMongoPassword } from './audit-rebuild';

/** What `audit rebuild` may show of --mongo (else MONGO_URL) when it cannot connect (scripts/audit-errors.int.spec.ts runs it). */
describe('audit rebuild: the MongoDB URL as shown', () => {
  it('hides the password of a URL, keeping the user, hosts, database and options', () => {
    expect(hideMongoPassword('mongodb://auditor:s3cret@127.0.0.1:1').printable).toBe('mongodb://auditor:***@127.0.0.1:1');
    expect(hideMongoPassword('mongodb+srv://auditor:s3cret@cluster0.example.net/banat-certification?retryWrites=true').printable).toBe(
      'mongodb+srv://auditor:***@cluster0.example.net/banat-certification?retryWrites=true',
    );
  });

  it('a URL without a password, or no URL at all, is shown as given', () => {
    for (const url of ['mongodb://127.0.0.1:27017', 'mongodb://auditor@127.0.0.1:27017/db', 'not-a-url', '']) expect(hideMongoPassword(url).printable).toBe(url);
    expect(hideMongoPassword('not-a-url').hide('said: not-a-url')).toBe('said: not-a-url');
  });

  it('a seed list (no WHATWG URL) and a password with @, : or / in it (percent-encoded) are hidden too', () => {
    expect(hideMongoPassword('mongodb://auditor:s3cret@h1:27017,h2:27017/db?replicaSet=rs0').printable).toBe('mongodb://auditor:***@h1:27017,h2:27017/db?replicaSet=rs0');
    const encoded = hideMongoPassword('mongodb://auditor:p%40ss%3Aw%2Frd@127.0.0.1:1/db');
    expect(encoded.printable).toBe('mongodb://auditor:***@127.0.0.1:1/db');
    // The driver may quote the URL as given or the password decoded: neither shows it.
    expect(encoded.hide('bad auth for p%40ss%3Aw%2Frd (p@ss:w/rd)')).toBe('bad auth for *** (***)');
    // Written unencoded, which no parser takes: everything up to the last @ is the password.
    expect(hideMongoPassword('mongodb://auditor:p@ss@127.0.0.1:1').printable).toBe('mongodb://auditor:***@127.0.0.1:1');
    expect(hideMongoPassword('auditor:s3cret@127.0.0.1').printable).toBe('auditor:***@127.0.0.1');
  });

  it('takes the password out of what was said about the URL', () => {
    expect(hideMongoPassword('mongodb://auditor:s3cret@127.0.0.1:1').hide('connect ECONNREFUSED (mongodb://auditor:s3cret@127.0.0.1:1)')).toBe('connect ECONNREFUSED (mongodb://auditor:***@127.0.0.1:1)');
  });
});
