import type { Services } from '../services.js';
import type { AccountSide } from './account-side.js';

/**
 * What a route builds once per account (a host matcher, a forwarder with its retries...), looked up
 * by the caller's account as Services.sideOf does: built when the route is, never on a request.
 */
export function perAccount<T>(services: Pick<Services, 'accounts' | 'sideOf'>, build: (side: AccountSide) => T): (account?: string) => T {
  const built = new Map<string, T>();
  for (const [name, side] of services.accounts) built.set(name, build(side));
  return (account) => built.get(services.sideOf(account).account.name) as T;
}
