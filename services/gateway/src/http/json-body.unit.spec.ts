import { errorAnswer } from './http-exception.filter';
import { parseJsonBody } from './json-body';

/** What a malformed JSON body is answered with: a 400 saying it is the body that is not JSON, then where. */
const answer = (body: string) => {
  try {
    parseJsonBody(body);
  } catch (error) {
    return errorAnswer(error);
  }
  throw new Error(`${body} was read as JSON`);
};

describe('parseJsonBody', () => {
  it('reads an object or an array, and an empty body as {}', () => {
    expect(parseJsonBody(' {"kind":"sme"} ')).toEqual({ kind: 'sme' });
    expect(parseJsonBody('[1]')).toEqual([1]);
    expect(parseJsonBody('  ')).toEqual({});
  });

  it.each([
    ['{"a":', /^the request body is not valid JSON: Unexpected end of JSON input$/],
    ['{"kind": "sme",', /^the request body is not valid JSON: .*JSON at position 15/],
    ['kind=sme', /^the request body is not valid JSON: Unexpected token 'k', "kind=sme" is not valid JSON \(a JSON object or array is expected\)$/],
  ])('answers %s with a 400 that says the body is not valid JSON', (body, message) => {
    const { status, body: error } = answer(body);
    expect(status).toBe(400);
    expect(error).toEqual({ code: 'VALIDATION_FAILED', message: expect.stringMatching(message) });
  });
});
