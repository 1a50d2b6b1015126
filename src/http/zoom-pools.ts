import type { LookupFunction } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { zoomConnectionsOf } from '../accounts/zoom-accounts-of.js';
import type { Config } from '../config/config.js';
import { createDownloadAgents, type DownloadAgents } from '../downloads/download-agents.js';

/**
 * The connections to Zoom, in three pools so that one kind of traffic never waits behind another:
 * - `own`: the proxy's own calls (OAuth, look-ups, ZAK and OBF mints): start links and bot tokens;
 * - `api`: the `/v2` passthrough, whose clients may hold a connection as long as their upload lasts;
 * - `downloads`: recording files, whose readers may hold a connection for hours.
 * With one shared pool, 130 trickling uploads of one client left `/zak` and `/start` waiting in its
 * queue for two minutes. Each pool's size is per origin (undici's `connections`, node's `maxSockets`).
 * Downloads go over node's own http client (download-agents.ts), the API calls over undici.
 */
export interface ZoomPools {
  own: Dispatcher;
  api: Dispatcher;
  downloads: DownloadAgents;
  /** Lets requests under way finish, then closes every connection of the three pools. */
  close(): Promise<void>;
  /** Closes every connection of the three pools at once, aborting what is under way. */
  destroy(): Promise<void>;
}

/**
 * How long idle kept-alive connections are kept (10 s in production, short in tests so nothing
 * outlives them), for tests the connect options (a test CA for an https Zoom), and the name
 * resolution of the download hosts (`dns.lookup` by default; a test points a name where it wants).
 */
export type ZoomPoolOptions = Pick<Agent.Options, 'keepAliveTimeout' | 'keepAliveMaxTimeout' | 'connect'> & { lookup?: LookupFunction };

const PRODUCTION: ZoomPoolOptions = { keepAliveTimeout: 10_000 };

/** Builds the three pools from `zoom.connections` (the largest of the accounts'), `passthrough.connections` and `downloads.connections`. */
export function createZoomPools(config: Config, options: ZoomPoolOptions = PRODUCTION): ZoomPools {
  const { lookup, ...undiciOptions } = options;
  const agent = (connections: number): Agent => new Agent({ ...undiciOptions, connections });
  const own = agent(zoomConnectionsOf(config));
  const api = agent(config.passthrough.connections);
  const ca = typeof options.connect === 'object' && 'ca' in options.connect ? options.connect.ca : undefined;
  const downloads = createDownloadAgents({
    connections: config.downloads.connections,
    keepAliveMs: options.keepAliveTimeout ?? PRODUCTION.keepAliveTimeout!,
    ca: ca ?? undefined,
    lookup,
  });
  const all = [own, api, downloads];
  return {
    own,
    api,
    downloads,
    close: async () => {
      await Promise.all(all.map((pool) => pool.close()));
    },
    destroy: async () => {
      await Promise.all(all.map((pool) => pool.destroy()));
    },
  };
}
