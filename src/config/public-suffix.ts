import { isIpLiteral } from './address-kinds.js';

/**
 * Labels that registries use, under a two-letter country code, for names anyone can register
 * (`co.uk`, `com.au`, `ac.jp`, `gov.br`, `or.jp`, ...). A short list of what is common, not the
 * Public Suffix List: the rule below only needs to catch the obvious mistakes.
 */
const REGISTRY_LABELS = new Set(['ac', 'co', 'com', 'edu', 'gen', 'go', 'gob', 'gov', 'govt', 'info', 'ltd', 'mil', 'ne', 'net', 'nom', 'or', 'org', 'plc', 'sch']);

/**
 * Whether `name` (lowercase, no `*.`) looks like a public suffix rather than somebody's domain: one
 * label (`com`, `us`, `zoom`; `localhost` and IP addresses excepted), or a registry label under a two-letter country
 * code (`co.uk`, `com.au`). `zoom.us` and `zoomgov.com` are not.
 */
export function isPublicSuffixLike(name: string): boolean {
  if (isIpLiteral(name)) return false;
  const labels = name.split('.');
  if (labels.length === 1) return name !== 'localhost';
  if (labels.length === 2) return /^[a-z]{2}$/.test(labels[1] as string) && REGISTRY_LABELS.has(labels[0] as string);
  return false;
}
