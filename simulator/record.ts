/** What the simulator saw: counters and every request, for tests to assert on; per account too. */
import type { SeenRequest, SimulatorRecord } from './types.js';
import type { SimulatorAccountRecord } from './account-types.js';
import type { SimWebhookDelivery } from './webhook-types.js';

interface Mints {
  oauth: number;
  obf: number;
  legacy: number;
  /** ZAK mints per user id. */
  zak: Map<string, number>;
}

const sum = (values: Iterable<number>): number => {
  let total = 0;
  for (const n of values) total += n;
  return total;
};

export class SimRecord implements SimulatorRecord {
  foreignHits = 0;
  cdnRequestsWithAuthorization = 0;
  connectionsAccepted = 0;
  requests: SeenRequest[] = [];
  webhooks: SimWebhookDelivery[] = [];
  readonly #mints = new Map<string, Mints>();

  /** `resolveUserId` maps an email (or id) to the user id mints are counted under, whatever its account. */
  constructor(
    private readonly resolveUserId: (idOrEmail: string) => string | undefined,
    private readonly maxRequests: number,
  ) {}

  get oauthMints(): number {
    return sum([...this.#mints.values()].map((m) => m.oauth));
  }

  get obfMints(): number {
    return sum([...this.#mints.values()].map((m) => m.obf));
  }

  get legacyTokenMints(): number {
    return sum([...this.#mints.values()].map((m) => m.legacy));
  }

  zakMints(userIdOrEmail?: string): number {
    return sum([...this.#mints.keys()].map((account) => this.#zakMintsOf(account, userIdOrEmail)));
  }

  #zakMintsOf(account: string, userIdOrEmail: string | undefined): number {
    const zak = this.#mints.get(account)?.zak;
    if (!zak) return 0;
    if (userIdOrEmail === undefined) return sum(zak.values());
    return zak.get(this.resolveUserId(userIdOrEmail) ?? userIdOrEmail) ?? 0;
  }

  #of(account: string): Mints {
    let m = this.#mints.get(account);
    if (!m) this.#mints.set(account, (m = { oauth: 0, obf: 0, legacy: 0, zak: new Map() }));
    return m;
  }

  countOAuthMint(account: string): void {
    this.#of(account).oauth += 1;
  }

  countObfMint(account: string): void {
    this.#of(account).obf += 1;
  }

  countLegacyTokenMint(account: string): void {
    this.#of(account).legacy += 1;
  }

  countZakMint(account: string, userId: string): void {
    const { zak } = this.#of(account);
    zak.set(userId, (zak.get(userId) ?? 0) + 1);
  }

  /** A live view of one account's share. */
  forAccount(account: string): SimulatorAccountRecord {
    const mints = (): Mints | undefined => this.#mints.get(account);
    const all = (): SeenRequest[] => this.requests;
    const webhooks = (): SimWebhookDelivery[] => this.webhooks;
    return {
      get oauthMints() {
        return mints()?.oauth ?? 0;
      },
      get obfMints() {
        return mints()?.obf ?? 0;
      },
      get legacyTokenMints() {
        return mints()?.legacy ?? 0;
      },
      zakMints: (userIdOrEmail) => this.#zakMintsOf(account, userIdOrEmail),
      get requests(): SeenRequest[] {
        return all().filter((r) => r.account === account);
      },
      get webhooks(): SimWebhookDelivery[] {
        return webhooks().filter((w) => w.account === account);
      },
    };
  }

  push(request: SeenRequest): void {
    this.requests.push(request);
    // Trim in batches: one splice per `maxRequests` pushes keeps it O(1) amortised.
    if (this.requests.length >= 2 * this.maxRequests) this.requests.splice(0, this.requests.length - this.maxRequests);
  }

  reset(): void {
    this.foreignHits = 0;
    this.cdnRequestsWithAuthorization = 0;
    this.connectionsAccepted = 0;
    this.requests = [];
    this.webhooks = [];
    this.#mints.clear();
  }
}
