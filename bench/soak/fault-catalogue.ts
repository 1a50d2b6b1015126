/**
 * The faults the soak switches on and off in turn, by name. The simulator process (soak-simulator.ts)
 * says what each does to Zoom; the soak only names them and measures what the proxy makes of it.
 */
export const FAULTS = {
  'token-invalidation': 'every access token issued so far answers 401 code 124, again every second',
  'zak-revocation': 'every ZAK issued so far stops working, again every second',
  'rate-limit': 'every API call answers 429 with Zoom\'s rate-limit headers',
  '5xx': 'API calls answer 503, web calls (download redirects) 500, CDN 503',
  slow: 'API and web answers wait 6 s before their headers (the proxy\'s timeout is 5 s), CDN bodies pause 3 s mid-way',
  reset: 'API and web connections reset before any header, CDN connections after 64 KiB of body',
  'zoom-down': 'the main server (OAuth, API, web) stops listening and drops its connections: ECONNREFUSED',
} as const;

export type FaultName = keyof typeof FAULTS;

export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];
