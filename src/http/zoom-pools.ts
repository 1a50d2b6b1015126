import type { LookupFunction } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import type { Config, ZoomAccount } from '../config/config.js';
import { createDownloadAgents, type DownloadAgents } from '../downloads/download-agents.js';

/**
 * One account's connections to Zoom, in three pools so that one kind of traffic never waits behind another:
 * - `own`: the proxy's own calls (OAuth, look-ups, ZAK and OBF mints): start links and bot tokens;
 * - `api`: the `/v2` passthrough, whose clients may hold a connection as long as their upload lasts;
 * - `downloads`: recording files, whose readers may hold a connection for hours.
 * With one shared pool, 130 trickling uploads of one client left `/zak` and `/start` waiting in its
 * queue for two minutes. Each pool's size is per origin (undici's `connections`, node's `maxSockets`).
 * Downloads go over node's own http client (download-agents.ts), the API calls over undici.
 */
export interface AccountPools {
  own: Dispatcher;
  api: Dispatcher;
  downloads: DownloadAgents;
  /** The account's `zoom.connections` the `own` pool was built with (a reload does not change it). */
  connections: number;
}

/**
 * The connections to Zoom, apart per account: accounts on the same hosts (one account per customer,
 * all on api.zoom.us) would otherwise share each host's queue, and one account's stalled calls would
 * hold up the other's start links and bot tokens (docs/accounts.md).
 */
export interface ZoomPools {
  /**
   * The pools of the account of this name, built on the first call with its `connections` (and the
   * configuration's `passthrough.connections` and `downloads.connections`); later calls get the same
   * pools whatever their `connections` says: a size changes only with a restart.
   */
  of(account: Pick<ZoomAccount, 'name' | 'connections'>): AccountPools;
  /** Lets requests under way finish, then closes every connection of every account's pools. */
  close(): Promise<void>;
  /** Closes every connection of every account's pools at once, aborting what is under way. */
  destroy(): Promise<void>;
}

/**
 * How long idle kept-alive connections are kept (10 s in production, short in tests so nothing
 * outlives them), for tests the connect options (a test CA for an https Zoom), and the name
 * resolution of the download hosts (`dns.lookup` by default; a test points a name where it wants).
 */
export type ZoomPoolOptions = Pick<Agent.Options, 'keepAliveTimeout' | 'keepAliveMaxTimeout' | 'connect'> & { lookup?: LookupFunction };

const PRODUCTION: ZoomPoolOptions = { keepAliveTimeout: 10_000 };

/** The pools of each account, from its `zoom.connections`, and the started configuration's `passthrough.connections` and `downloads.connections`. */
export function createZoomPools(config: Pick<Config, 'passthrough' | 'downloads'>, options: ZoomPoolOptions = PRODUCTION): ZoomPools {
  const { lookup, ...undiciOptions } = options;
  const { passthrough, downloads } = config;
  const agent = (connections: number): Agent => new Agent({ ...undiciOptions, connections });
  const ca = typeof options.connect === 'object' && 'ca' in options.connect ? options.connect.ca : undefined;
  const keepAliveMs = options.keepAliveTimeout ?? PRODUCTION.keepAliveTimeout!;
  const byAccount = new Map<string, AccountPools>();
  const every = (): Array<Dispatcher | DownloadAgents> => [...byAccount.values()].flatMap((pools) => [pools.own, pools.api, pools.downloads]);
  return {
    of: ({ name, connections }) => {
      let pools = byAccount.get(name);
      if (pools === undefined) {
        pools = {
          own: agent(connections),
          api: agent(passthrough.connections),
          downloads: createDownloadAgents({ connections: downloads.connections, keepAliveMs, ca: ca ?? undefined, lookup }),
          connections,
        };
        byAccount.set(name, pools);
      }
      return pools;
    },
    close: async () => {
      await Promise.all(every().map((pool) => pool.close()));
    },
    destroy: async () => {
      await Promise.all(every().map((pool) => pool.destroy()));
    },
  };
}
