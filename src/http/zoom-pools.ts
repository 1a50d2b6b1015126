import { Agent, type Dispatcher } from 'undici';
import type { Config } from '../config/config.js';

/**
 * The connections to Zoom, in three pools so that one kind of traffic never waits behind another:
 * - `own`: the proxy's own calls (OAuth, look-ups, ZAK and OBF mints): start links and bot tokens;
 * - `api`: the `/v2` passthrough, whose clients may hold a connection as long as their upload lasts;
 * - `downloads`: recording files, whose readers may hold a connection for hours.
 * With one shared pool, 130 trickling uploads of one client left `/zak` and `/start` waiting in its
 * queue for two minutes. Each pool's size is per origin (undici's `connections`).
 */
export interface ZoomPools {
  own: Dispatcher;
  api: Dispatcher;
  downloads: Dispatcher;
  /** Lets requests under way finish, then closes every connection of the three pools. */
  close(): Promise<void>;
  /** Closes every connection of the three pools at once, aborting what is under way. */
  destroy(): Promise<void>;
}

/**
 * How long idle kept-alive connections are kept (10 s in production, short in tests so nothing
 * outlives them), and for tests the connect options (a test CA for an https Zoom).
 */
export type ZoomPoolOptions = Pick<Agent.Options, 'keepAliveTimeout' | 'keepAliveMaxTimeout' | 'connect'>;

const PRODUCTION: ZoomPoolOptions = { keepAliveTimeout: 10_000 };

/** Builds the three pools from `zoom.connections`, `passthrough.connections` and `downloads.connections`. */
export function createZoomPools(config: Config, options: ZoomPoolOptions = PRODUCTION): ZoomPools {
  const agent = (connections: number): Agent => new Agent({ ...options, connections });
  const own = agent(config.zoom.connections);
  const api = agent(config.passthrough.connections);
  const downloads = agent(config.downloads.connections);
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
