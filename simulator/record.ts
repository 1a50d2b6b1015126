/** What the simulator saw: counters and every request, for tests to assert on. */
import type { SeenRequest, SimulatorRecord } from './types.js';

export class SimRecord implements SimulatorRecord {
  oauthMints = 0;
  obfMints = 0;
  legacyTokenMints = 0;
  foreignHits = 0;
  cdnRequestsWithAuthorization = 0;
  connectionsAccepted = 0;
  requests: SeenRequest[] = [];
  readonly #zakMints = new Map<string, number>();

  /** `resolveUserId` maps an email (or id) to the user id mints are counted under. */
  constructor(
    private readonly resolveUserId: (idOrEmail: string) => string | undefined,
    private readonly maxRequests: number,
  ) {}

  zakMints(userIdOrEmail?: string): number {
    if (userIdOrEmail === undefined) {
      let total = 0;
      for (const n of this.#zakMints.values()) total += n;
      return total;
    }
    const id = this.resolveUserId(userIdOrEmail) ?? userIdOrEmail;
    return this.#zakMints.get(id) ?? 0;
  }

  countZakMint(userId: string): void {
    this.#zakMints.set(userId, (this.#zakMints.get(userId) ?? 0) + 1);
  }

  push(request: SeenRequest): void {
    this.requests.push(request);
    // Trim in batches: one splice per `maxRequests` pushes keeps it O(1) amortised.
    if (this.requests.length >= 2 * this.maxRequests) this.requests.splice(0, this.requests.length - this.maxRequests);
  }

  reset(): void {
    this.oauthMints = 0;
    this.obfMints = 0;
    this.legacyTokenMints = 0;
    this.foreignHits = 0;
    this.cdnRequestsWithAuthorization = 0;
    this.connectionsAccepted = 0;
    this.requests = [];
    this.#zakMints.clear();
  }
}
