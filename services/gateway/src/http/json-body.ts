/**
 * The API's JSON body: an object or an array (an empty body is `{}`). Anything else throws a SyntaxError with status 400,
 * which Nest answers as a 400 with its message: that message says the body is not valid JSON before the parser's own words
 * (`Unexpected end of JSON input` alone did not say what was wrong with what).
 */
export function parseJsonBody(body: string): unknown {
  const text = body.trim();
  if (text === '') return {};
  if (text[0] !== '{' && text[0] !== '[') throw malformed(`Unexpected token '${text[0]}', "${text.slice(0, 10)}" is not valid JSON (a JSON object or array is expected)`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw malformed((error as Error).message);
  }
}

const malformed = (reason: string) => Object.assign(new SyntaxError(`the request body is not valid JSON: ${reason}`), { status: 400 });
