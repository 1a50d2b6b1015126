/**
 * Shared by the simulator tests: a simulator on port 0 with an injectable clock, an undici agent
 * with a short keep-alive (so the process ends promptly), and small request helpers.
 */
import { after } from 'node:test';
import { request, type Agent } from 'undici';
import { startSimulator, type SimulatorAccount, type SimulatorOptions, type ZoomSimulator } from '../../simulator/simulator.js';
import { readRawAnswer, type RawAnswer } from './raw-answer.js';
import { testAgent } from './test-agent.js';

/** A fixed instant, so dates in assertions do not depend on when the test runs. */
export const T0 = Date.parse('2026-03-02T10:00:00Z');

export interface Harness {
  sim: ZoomSimulator;
  agent: Agent;
  /** The injected clock's value; tests move it forward instead of sleeping. */
  now: { ms: number };
  get(url: string, headers?: Record<string, string>): Promise<RawAnswer>;
  send(method: string, url: string, options?: { headers?: Record<string, string>; body?: string }): Promise<RawAnswer>;
  /** A fresh access token, minted the way Zoom documents: of the default account, or of `account`. */
  accessToken(account?: SimulatorAccount): Promise<string>;
  /** GET under apiUrl with a fresh token. */
  api(path: string, method?: string, body?: unknown): Promise<RawAnswer>;
}

/**
 * Start a simulator; it and its agent close after the file's tests, or when `register` (pass
 * `t.after` from inside a test) says.
 */
export async function harness(options: SimulatorOptions = {}, register: (fn: () => Promise<void>) => void = after): Promise<Harness> {
  const now = { ms: T0 };
  const sim = await startSimulator({ clock: () => now.ms, ...options });
  const agent = testAgent();
  register(async () => {
    await sim.close();
    await agent.close();
  });

  const send: Harness['send'] = async (method, url, o = {}) => {
    return readRawAnswer(await request(url, { method: method as 'GET', headers: o.headers ?? {}, body: o.body ?? null, dispatcher: agent }));
  };

  const accessToken = async (account: SimulatorAccount = sim.account()): Promise<string> => {
    const { clientId, clientSecret, accountId } = account.credentials;
    const res = await send('POST', account.oauthUrl, {
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `grant_type=account_credentials&account_id=${encodeURIComponent(accountId)}`,
    });
    if (res.status !== 200) throw new Error(`token mint failed: ${res.status} ${res.text}`);
    return res.json<{ access_token: string }>().access_token;
  };

  return {
    sim,
    agent,
    now,
    send,
    get: (url, headers = {}) => send('GET', url, { headers }),
    accessToken,
    api: async (path, method = 'GET', body) => {
      const headers: Record<string, string> = { authorization: `Bearer ${await accessToken()}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      return send(method, `${sim.apiUrl}${path}`, { headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    },
  };
}

/** The claims of a JWT, read without verifying (as a client of Zoom can). */
export function jwtClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (part === undefined) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}
