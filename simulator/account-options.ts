/** The accounts a simulator starts with, from its options: defaults filled in, mistakes refused at start. */
import type { SimulatorOptions, ZoomCredentials } from './types.js';
import type { SimAccountOptions, SimSeed } from './account-types.js';
import type { SimWebhookEndpoint } from './webhook-types.js';
import { ACCOUNT_NAME } from './account.js';
import { DEMO_CREDENTIALS } from './demo-data.js';

/** The name of the only account when `accounts` is not given. */
export const DEFAULT_ACCOUNT = 'default';

export interface AccountSpec {
  name: string;
  credentials: ZoomCredentials;
  seed: SimSeed;
  ownServers: boolean;
  host?: string | undefined;
  cdnHost?: string | undefined;
  port?: number | undefined;
  webhooks?: SimWebhookEndpoint | undefined;
}

const SEEDS: readonly SimSeed[] = ['demo', 'demo-gov', 'empty'];

/** A copy of a webhook endpoint, or why it is not one. */
export function webhookEndpoint(given: SimWebhookEndpoint, where: string): SimWebhookEndpoint {
  let url: URL | undefined;
  try {
    url = new URL(given.url);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') throw new RangeError(`${where}.url must be an http or https URL`);
  if (typeof given.secretToken !== 'string' || given.secretToken === '') throw new RangeError(`${where}.secretToken must be a non-empty string`);
  return { url: given.url, secretToken: given.secretToken };
}

function derivedCredentials(name: string): ZoomCredentials {
  return { accountId: `${name}-account-0001`, clientId: `${name}ClientId0001`, clientSecret: `${name}-client-secret-not-a-real-one` };
}

export function accountSpecs(options: SimulatorOptions): AccountSpec[] {
  const given: readonly SimAccountOptions[] = options.accounts ?? [{ name: DEFAULT_ACCOUNT }];
  if (given.length === 0) throw new RangeError('simulator: accounts must name at least one account');
  const specs = given.map((o, i): AccountSpec => {
    const where = `simulator: accounts[${i}]`;
    if (!ACCOUNT_NAME.test(o.name)) throw new RangeError(`${where}.name must be lower-case letters, digits and -, at most 32 characters`);
    const seed = o.seed ?? (i === 0 ? options.seed ?? 'demo' : 'empty');
    if (!SEEDS.includes(seed)) throw new RangeError(`${where}.seed must be one of ${SEEDS.join(', ')}`);
    if (!o.ownServers && (o.host !== undefined || o.cdnHost !== undefined || o.port !== undefined)) {
      throw new RangeError(`${where}: host, cdnHost and port need ownServers`);
    }
    const credentials = { ...(o.credentials ?? (i === 0 ? options.credentials ?? DEMO_CREDENTIALS : derivedCredentials(o.name))) };
    const webhooks = o.webhooks ?? (i === 0 ? options.webhooks : undefined);
    return {
      name: o.name, credentials, seed, ownServers: o.ownServers ?? false, host: o.host, cdnHost: o.cdnHost, port: o.port,
      webhooks: webhooks && webhookEndpoint(webhooks, `${where}.webhooks`),
    };
  });
  for (const key of ['name', 'accountId', 'clientId'] as const) {
    const seen = new Set<string>();
    for (const s of specs) {
      const value = key === 'name' ? s.name : s.credentials[key];
      if (seen.has(value)) throw new RangeError(`simulator: two accounts have the ${key} ${value}`);
      seen.add(value);
    }
  }
  for (const seed of ['demo', 'demo-gov'] as const) {
    if (specs.filter((s) => s.seed === seed).length > 1) throw new RangeError(`simulator: only one account can hold the ${seed} seed (ids are unique across accounts)`);
  }
  return specs;
}
