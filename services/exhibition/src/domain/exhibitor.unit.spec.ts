import { contactRequestsReadRefusal, editRefusal, imageTypeOf, imageViolation, productNameViolation } from './exhibitor';

const ORG = '6f1c2b9e-3a4d-4e5f-8a7b-1c2d3e4f5a6b';
const OTHER = '7a2d3c0f-4b5e-4f60-9b8c-2d3e4f5a6b7c';
const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const jpeg = Buffer.from('ffd8ffe000104a464946', 'hex');
const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

describe('exhibitors edit their own booth; the secretariat any', () => {
  it.each([
    [{ role: 'secretariat' }, ORG, undefined],
    [{ role: 'member', org: ORG }, ORG, undefined],
  ])('allows %j on its booth', (caller, org, refusal) => expect(editRefusal(caller, org)).toBe(refusal));

  it('refuses a member on another booth and any other role, saying why', () => {
    expect(editRefusal({ role: 'member', org: OTHER }, ORG)).toMatch(/only its own organisation/);
    expect(editRefusal({ role: 'expert' }, ORG)).toMatch(/role 'expert' may not edit/);
    expect(editRefusal({}, ORG)).toMatch(/role 'public'/);
  });
});

describe("a booth's contact requests are read by its own organisation and the secretariat", () => {
  it.each([
    [{ role: 'secretariat' }, ORG],
    [{ role: 'secretariat' }, OTHER],
    [{ role: 'member', org: ORG }, ORG],
  ])('allows %j on booth %s', (caller, org) => expect(contactRequestsReadRefusal(caller, org)).toBeUndefined());

  it('refuses a member on another booth, a member without an organisation and any other role, saying why', () => {
    expect(contactRequestsReadRefusal({ role: 'member', org: OTHER }, ORG)).toMatch(/only the contact requests sent to its own organisation's booth/);
    expect(contactRequestsReadRefusal({ role: 'member' }, ORG)).toMatch(/yours is none/);
    expect(contactRequestsReadRefusal({ role: 'partner', org: ORG }, ORG)).toMatch(/role 'partner' may not read/);
    expect(contactRequestsReadRefusal({}, ORG)).toMatch(/role 'public'/);
  });
});

describe('a product is named in one language at least', () => {
  it('accepts a name in any one language', () => expect(productNameViolation({ 'sr-Cyrl': 'Мед' })).toBeUndefined());
  it.each([[{}], [{ ro: '  ', en: '' }], [undefined]])('refuses %j as ProductNeedsAName on the name field', (name) =>
    expect(productNameViolation(name)).toMatchObject({ rule: 'ProductNeedsAName', field: 'name' }),
  );
});

describe('an image is judged by its first bytes and its size', () => {
  it('recognises PNG, JPEG and WebP', () => {
    expect(imageTypeOf(png)).toBe('image/png');
    expect(imageTypeOf(jpeg)).toBe('image/jpeg');
    expect(imageTypeOf(webp)).toBe('image/webp');
  });
  it('refuses text, a GIF and a RIFF that is not WebP as NotAnImage', () => {
    for (const bytes of [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), Buffer.from('GIF89a'), Buffer.from('RIFF\0\0\0\0WAVE')]) {
      expect(imageViolation(bytes)).toMatchObject({ rule: 'NotAnImage', field: 'data' });
    }
  });
  it('refuses one byte over the limit as ImageTooLarge, naming the limit; accepts the limit itself', () => {
    const big = Buffer.concat([png, Buffer.alloc(100 - png.length)]);
    expect(imageViolation(big, 99)).toMatchObject({ rule: 'ImageTooLarge', reason: expect.stringContaining('at most 99') });
    expect(imageViolation(big, 100)).toEqual({ type: 'image/png' });
  });
});
