import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import { createPublicAddressLookup } from './public-address-lookup.js';

/**
 * The connections that carry recording files: node's own http client, the cheapest per byte of the
 * clients measured on this path (bench/README.md), one keep-alive agent per scheme. The https one
 * keeps TLS sessions, so a new connection to the file host resumes rather than redoes the handshake.
 */
export interface DownloadAgents {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;
  /** Closes idle connections now and every other one once its download ends; resolves when all are closed. */
  close(): Promise<void>;
  /** Closes every connection at once, aborting the downloads under way. */
  destroy(): Promise<void>;
}

export interface DownloadAgentOptions {
  /** `downloads.connections`: connections per origin (scheme, host, port), busy and idle together; more requests wait. */
  connections: number;
  /** How long an idle kept-alive connection is kept. */
  keepAliveMs: number;
  /** Certificates trusted besides the system's (a test's https upstream). */
  ca?: string | Buffer | Array<string | Buffer> | undefined;
  /** Name resolution, `dns.lookup` by default; only public addresses of its answer are used. */
  lookup?: LookupFunction | undefined;
}

type AnyAgent = HttpAgent & { sockets: NodeJS.ReadOnlyDict<Socket[]>; freeSockets: NodeJS.ReadOnlyDict<Socket[]> };

function socketsOf(agent: AnyAgent, which: 'sockets' | 'freeSockets'): Socket[] {
  return Object.values(agent[which]).flatMap((list) => list ?? []);
}

export function createDownloadAgents(options: DownloadAgentOptions): DownloadAgents {
  const common = {
    keepAlive: true,
    maxSockets: options.connections,
    // The agent closes a pooled socket idle this long; on a busy one nobody acts on it (request-file.ts keeps its own timers).
    timeout: options.keepAliveMs,
    scheduling: 'lifo' as const,
    lookup: createPublicAddressLookup(options.lookup),
  };
  const http = new HttpAgent(common);
  const https = new HttpsAgent({ ...common, ...(options.ca === undefined ? {} : { ca: options.ca }) });
  const agents = [http, https] as AnyAgent[];
  return {
    http,
    https,
    close: async () => {
      const busy: Array<Promise<void>> = [];
      for (const agent of agents) {
        // A socket freed from now on is closed instead of kept.
        agent.keepSocketAlive = () => false;
        for (const socket of socketsOf(agent, 'freeSockets')) socket.destroy();
        for (const socket of socketsOf(agent, 'sockets')) {
          if (!socket.destroyed) busy.push(new Promise((resolve) => socket.once('close', () => resolve())));
        }
      }
      await Promise.all(busy);
    },
    destroy: () => {
      for (const agent of agents) agent.destroy();
      return Promise.resolve();
    },
  };
}
