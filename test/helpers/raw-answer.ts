import type { Dispatcher } from 'undici';

/** An HTTP answer read whole, as it came (no decompression): its bytes, and them as text or JSON. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

/** Reads an undici answer's body to the end. */
export async function readRawAnswer(res: Dispatcher.ResponseData): Promise<RawAnswer> {
  const body = Buffer.from(await res.body.arrayBuffer());
  return {
    status: res.statusCode,
    headers: res.headers,
    body,
    text: body.toString('utf8'),
    json: <T>() => JSON.parse(body.toString('utf8')) as T,
  };
}
