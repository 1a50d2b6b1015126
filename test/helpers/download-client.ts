/**
 * Test helpers for downloads through the proxy: signed links to the simulator's files, and a client
 * that hashes what it receives as it comes (so multi-hundred-MB files are never held) and says how
 * the body ended.
 */
import { createHash } from 'node:crypto';
import { request, type Agent } from 'undici';
import type { AddRecordingInput } from '../../simulator/simulator.js';
import type { Stack } from './start-stack.js';

export interface Downloaded {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Body bytes received before the end or the break. */
  length: number;
  sha256: string;
  /** The body as text when it was small (up to 64 KiB), for error bodies. */
  text: string;
  /** Why the body broke off, when it did (the proxy aborted the connection): the client can tell. */
  error: Error | undefined;
}

const HOST = 'host@example.com';

/**
 * The files of one recording of a new meeting of `host@example.com` (created when absent), in the
 * simulator; answers their ids in order.
 */
export function addRecordingFiles<T extends AddRecordingInput['files']>(stack: Stack, ...files: T): { [K in keyof T]: string } {
  const host = stack.sim.user(HOST) ?? stack.sim.addUser({ email: HOST });
  const meeting = stack.sim.addMeeting({ hostId: host.id });
  return stack.sim.addRecording({ meetingId: meeting.id, files }).files.map((f) => f.id) as { [K in keyof T]: string };
}

/** The Zoom download URL of a simulator file, as Zoom lists it (`/rec/download/{id}` on the web host). */
export function zoomDownloadUrl(stack: Stack, fileId: string, shape = '/rec/download/'): string {
  return `${stack.sim.webUrl}${shape}${encodeURIComponent(fileId)}`;
}

/** The signed link the passthrough writes for that file's `download_url`. */
export function signedLink(stack: Stack, fileId: string, shape?: string): string {
  return stack.proxy.services.sideOf().links.downloadLink(zoomDownloadUrl(stack, fileId, shape));
}

export async function download(
  url: string,
  options: { headers?: Record<string, string>; method?: 'GET' | 'HEAD'; agent: Agent },
): Promise<Downloaded> {
  const res = await request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, dispatcher: options.agent });
  const hash = createHash('sha256');
  const small: Buffer[] = [];
  let length = 0;
  let error: Error | undefined;
  try {
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      hash.update(buf);
      if (length + buf.length <= 65_536) small.push(buf);
      length += buf.length;
    }
  } catch (err) {
    error = err as Error;
  }
  return { status: res.statusCode, headers: res.headers, length, sha256: hash.digest('hex'), text: Buffer.concat(small).toString('utf8'), error };
}

/** The `error.code` of a JSON error body. */
export function errorCode(answer: Downloaded): string | undefined {
  try {
    return (JSON.parse(answer.text) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

/** A counter's value in the proxy's /metrics registry, by name and labels. */
export async function metricValue(stack: Stack, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await stack.proxy.services.metrics.registry.getSingleMetric(name)?.get();
  const value = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return value?.value ?? 0;
}

/**
 * Waits until the simulator has finished answering every request it received from the `from`th on
 * (a broken-off answer is recorded when its socket closes, which may be just after the client saw
 * the break).
 */
export async function simulatorSettled(stack: Stack, from = 0): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (stack.sim.seen.requests.slice(from).every((r) => r.response !== undefined)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the simulator is still answering a request');
}
