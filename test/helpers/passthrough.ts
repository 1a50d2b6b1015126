/**
 * Test helpers (not a test) for the `/v2` passthrough: raw HTTP calls through the proxy and straight
 * to the simulator (no automatic decompression, so the bytes on the wire can be compared), and link
 * masking to compare bodies byte for byte outside their links.
 */
import { request as httpRequest } from 'node:http';
import type { Agent } from 'undici';
import { extractJsonFields } from '../../src/links/extract-json-fields.js';
import { readRawAnswer, type RawAnswer } from './raw-answer.js';
import { CANARY, type Stack } from './start-stack.js';

export interface CallOptions {
  /** Bearer credential; the all-users client key by default, `null` for none. */
  key?: string | null;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export async function call(agent: Agent, method: string, url: string, options: CallOptions = {}): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? CANARY.clientKey : options.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  // The dispatcher API sends the path as it is: a URL string would be normalised first (`%2e%2e` is `..`).
  const at = url.indexOf('/', url.indexOf('//') + 2);
  return readRawAnswer(await agent.request({ origin: url.slice(0, at), path: url.slice(at), method: method, headers, body: options.body ?? null }));
}

/** Through the proxy: `path` is below `/v2`. */
export function viaProxy(stack: Stack, agent: Agent, method: string, path: string, options?: CallOptions): Promise<RawAnswer> {
  return call(agent, method, `${stack.url}/v2${path}`, options);
}

/** Straight to the simulated Zoom with a token of its own: what the app used to get. */
export async function direct(stack: Stack, agent: Agent, method: string, path: string, options: Omit<CallOptions, 'key'> = {}): Promise<RawAnswer> {
  const { clientId, clientSecret, accountId } = stack.sim.credentials;
  const mint = await call(agent, 'POST', stack.sim.oauthUrl, {
    key: null,
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: `grant_type=account_credentials&account_id=${encodeURIComponent(accountId)}`,
  });
  const token = mint.json<{ access_token: string }>().access_token;
  return call(agent, method, `${stack.sim.apiUrl}${path}`, { ...options, key: token });
}

/** The body with every start_url / download_url value replaced by `"<link>"`, and the links found. */
export function maskLinks(body: Buffer): { masked: string; links: string[] } {
  const scan = extractJsonFields(body);
  if (!scan.valid) throw new Error(`not JSON: ${body.toString('utf8').slice(0, 200)}`);
  let masked = '';
  let from = 0;
  for (const hit of scan.hits) {
    masked += body.subarray(from, hit.start).toString('utf8') + '"<link>"';
    from = hit.end;
  }
  return { masked: masked + body.subarray(from).toString('utf8'), links: scan.hits.map((h) => h.url) };
}

/** Poll `check` until it holds (a few seconds at most): for what happens on Zoom's side after an answer. */
export async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}

/**
 * Sends `bytes` chunked (no Content-Length) in pieces of `piece` bytes through node:http, which
 * frames exactly as told; resolves with the answer's status once its body is read.
 */
export function sendChunked(url: string, method: string, contentType: string, bytes: Buffer, piece: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest(url, {
      method,
      headers: { authorization: `Bearer ${CANARY.clientKey}`, 'content-type': contentType, 'transfer-encoding': 'chunked' },
      agent: false,
    });
    req.on('response', (r) => r.resume().on('end', () => resolve(r.statusCode ?? 0)));
    req.on('error', reject);
    for (let at = 0; at < bytes.length; at += piece) req.write(bytes.subarray(at, at + piece));
    req.end();
  });
}
