/** Small HTTP helpers for end-to-end tests: status, headers and a parsed body (`any`: tests assert its shape). */
export interface HttpReply {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

async function reply(res: Response): Promise<HttpReply> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body };
}

export const httpGet = async (url: string, headers: Record<string, string> = {}) => reply(await fetch(url, { headers }));

export const httpPost = async (url: string, body: unknown, headers: Record<string, string> = {}) =>
  reply(
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );

/** Polls until `check` returns a value (not undefined), or fails after `attempts`. */
export async function eventually<T>(check: () => Promise<T | undefined>, attempts = 100, delayMs = 100): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, delayMs));
  }
  throw new Error(`condition not met after ${attempts} attempts`);
}
