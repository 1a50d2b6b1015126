/**
 * The fault switches tests call: `sim.faults` for every account, `sim.account(name).faults` for one
 * (its rules match only requests that carried its credential, its switches touch only its state).
 */
import type { SimulatorFaults } from './types.js';
import type { SimulatorAccountFaults } from './account-types.js';
import type { SimAccount } from './account.js';
import type { SimServer } from './sim-server.js';
import type { Rule, SimFaults } from './faults.js';

export class FaultSwitches implements SimulatorFaults, SimulatorAccountFaults {
  /**
   * `scope`: the one account these switches act on, or undefined for every account (then `down`
   * and `up` act on every main server).
   */
  constructor(
    private readonly core: SimFaults,
    private readonly accounts: readonly SimAccount[],
    private readonly scope?: SimAccount,
  ) {}

  get #targets(): readonly SimAccount[] {
    return this.scope ? [this.scope] : this.accounts;
  }

  invalidateAccessTokens(): void {
    for (const a of this.#targets) a.tokens.invalidateAccessTokens();
  }

  rejectCredentials(on: boolean): void {
    for (const a of this.#targets) {
      if (on) this.core.rejectedAccounts.add(a.name);
      else this.core.rejectedAccounts.delete(a.name);
    }
  }

  revokeZaks(userIdOrEmail: string): void {
    for (const a of this.#targets) {
      const user = a.state.user(userIdOrEmail);
      if (user) return a.tokens.revokeZaksOf(user.id);
    }
    throw new Error(`simulator: no user ${userIdOrEmail}`);
  }

  invalidateAllZaks(): void {
    for (const a of this.#targets) a.tokens.invalidateAllZaks();
  }

  enforceRateLimits(on: boolean): void {
    // For every account, requests with no known credential count too, as they did with one account.
    this.core.enforceRateLimits(this.scope ? [this.scope.name] : [undefined, ...this.accounts.map((a) => a.name)], on);
  }

  rateLimit(o: Parameters<SimulatorFaults['rateLimit']>[0] = {}): void {
    const rule: Rule = { effect: 'rateLimit', type: o.type ?? 'QPS' };
    if (o.category !== undefined) rule.category = o.category;
    if (o.retryAfter !== undefined) rule.retryAfter = o.retryAfter;
    this.#add(rule, o);
  }

  fail(o: Parameters<SimulatorFaults['fail']>[0]): void {
    this.#add({ effect: 'fail', status: o.status, ...pick(o, 'code', 'message') }, o);
  }

  garble(o: Parameters<SimulatorFaults['garble']>[0] = {}): void {
    const body = o.body ?? '<!DOCTYPE html><html><body>Zoom is down for maintenance.</body></html>';
    this.#add({ effect: 'garble', body, contentType: o.contentType ?? 'text/html; charset=utf-8' }, o);
  }

  delay(o: Parameters<SimulatorFaults['delay']>[0]): void {
    this.#add({ effect: 'delay', ...pick(o, 'headersMs', 'bodyMs', 'afterBytes') }, o);
  }

  reset(o: Parameters<SimulatorFaults['reset']>[0] = {}): void {
    this.#add({ effect: 'reset', ...pick(o, 'afterBytes') }, o);
  }

  async down(): Promise<void> {
    await Promise.all(this.#mainServers().map((s) => s.close()));
  }

  async up(): Promise<void> {
    for (const s of this.#mainServers()) await s.listen();
  }

  webhookDownloadsNeedEventToken(on: boolean): void {
    for (const a of this.#targets) {
      if (on) this.core.eventTokenOnlyAccounts.add(a.name);
      else this.core.eventTokenOnlyAccounts.delete(a.name);
    }
  }

  denyFile(fileId: string): void {
    this.#fileOwner(fileId);
    this.core.deniedFiles.add(fileId);
  }

  redirectForeign(fileId: string): void {
    this.#fileOwner(fileId);
    this.core.foreignFiles.add(fileId);
  }

  changeFile(fileId: string): void {
    this.#fileOwner(fileId).state.changeFile(fileId);
  }

  clear(): void {
    if (this.scope) this.core.clearAccount(this.scope.name, this.scope.state.files.keys());
    else this.core.clear();
  }

  #add(rule: Rule, o: { match?: Parameters<SimFaults['add']>[1]; count?: number }): void {
    this.core.add(rule, this.scope ? { ...o.match, account: this.scope.name } : o.match, o.count);
  }

  #mainServers(): SimServer[] {
    if (this.scope && !this.scope.servers.own) {
      throw new Error(`simulator: account ${this.scope.name} shares its servers; take them down with sim.faults.down()`);
    }
    return [...new Set(this.#targets.map((a) => a.servers.main))];
  }

  #fileOwner(fileId: string): SimAccount {
    const owner = this.#targets.find((a) => a.hasFile(fileId));
    if (!owner) throw new Error(`simulator: no file ${fileId}`);
    return owner;
  }
}

/** The keys of `o` that are set, so optional properties stay absent rather than `undefined`. */
function pick<T extends object, K extends keyof T>(o: T, ...keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
