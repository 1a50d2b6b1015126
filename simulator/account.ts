/**
 * One simulated Zoom account: its Server-to-Server app, its data and the credentials it issued, and
 * the servers that serve it (shared with other accounts, or its own as a Zoom for Government
 * account has).
 */
import type { ZoomCredentials } from './types.js';
import type { SimWebhookEndpoint } from './webhook-types.js';
import { SimState } from './state.js';
import { TokenStore } from './tokens.js';
import type { SimServer } from './sim-server.js';

/** The account-name rule of the proxy's configuration, so the same names work on both sides. */
export const ACCOUNT_NAME = /^[a-z0-9-]{1,32}$/;

export interface AccountServers {
  main: SimServer;
  cdn: SimServer;
  /**
   * The same web on another host, where a duplicate webhook's `download_url`s point (as duplicates
   * from Zoom's other data centres do); it listens from the first such duplicate on.
   */
  duplicateWeb: SimServer;
  /** True when no other account is served by them. */
  own: boolean;
}

export class SimAccount {
  readonly state: SimState;
  readonly tokens: TokenStore;
  /** The app's event subscription; a new object whenever it is set (revalidation compares them). */
  webhooks: SimWebhookEndpoint | undefined;
  #servers: AccountServers | undefined;

  constructor(
    readonly name: string,
    readonly credentials: ZoomCredentials,
    /** Zoom's `account_number` in user answers. */
    readonly number: number,
    clock: () => number,
    peers: SimState[],
  ) {
    this.state = new SimState(clock, peers);
    this.tokens = new TokenStore(clock, credentials.accountId);
  }

  get servers(): AccountServers {
    if (!this.#servers) throw new Error(`simulator: account ${this.name} has no servers yet`);
    return this.#servers;
  }

  set servers(servers: AccountServers) {
    this.#servers = servers;
  }

  /** Whether the account's state holds this file. */
  hasFile(fileId: string): boolean {
    return this.state.files.has(fileId);
  }
}
