import { categoryOf, describeSubject, streamIdFromSubject, streamIdOfSubject, streamSubject } from './subject-encoding';

describe('stream id → subject encoding', () => {
  it.each(['certificate-42', 'producer-Ferma «Banat» / Timiș', 'a.b*c>d e\tf', 'noprefix', '-leading', 'x-'])('%s is one safe token that decodes back', (id) => {
    const subject = streamSubject(id);
    const tokens = subject.split('.');
    expect(tokens).toHaveLength(4);
    expect(tokens.slice(0, 2)).toEqual(['banat', 'es']);
    expect(tokens[3]).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(streamIdFromSubject(subject)).toBe(id);
  });

  it('keeps a plain category token and replaces anything else with _', () => {
    expect(categoryOf('certificate-42')).toBe('certificate');
    expect(categoryOf('cert.ificate-42')).toBe('_');
    expect(categoryOf('nodash')).toBe('_');
    expect(streamSubject('certificate-42', 'test.es')).toBe(`test.es.certificate.${Buffer.from('certificate-42').toString('base64url')}`);
  });

  it('gives different streams different subjects and refuses an empty id', () => {
    expect(streamSubject('certificate-1')).not.toBe(streamSubject('certificate-2'));
    expect(() => streamSubject('')).toThrow(TypeError);
  });
});

describe('history subjects for people', () => {
  it('names the stream a well-formed subject encodes, escaping what a terminal would act on', () => {
    expect(streamIdOfSubject(streamSubject('certificate-42'))).toBe('certificate-42');
    expect(describeSubject(streamSubject('producer-Ferma «Banat» / Timiș'))).toBe('producer-Ferma «Banat» / Timiș');
    expect(describeSubject(streamSubject('a\tb\u202e'))).toBe('a\\u0009b\\u202e');
  });

  it('shows a subject that names no stream raw, never decoded into garbage', () => {
    expect(streamIdOfSubject('banat.es.junk')).toBeUndefined(); // 'junk' is base64url, but not of this subject's category
    expect(describeSubject('banat.es.junk')).toBe('subject "banat.es.junk"');
    const invalidUtf8 = `banat.es._.${Buffer.from([0xff, 0xfe]).toString('base64url')}`;
    expect(describeSubject(invalidUtf8)).toBe(`subject "${invalidUtf8}"`);
    expect(describeSubject('banat.es.certificate.Y2VydGlmaWNhdGUtNDI=')).toMatch(/^subject /);
  });
});
