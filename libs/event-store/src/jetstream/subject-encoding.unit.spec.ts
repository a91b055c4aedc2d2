import { categoryOf, streamIdFromSubject, streamSubject } from './subject-encoding';

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
