/**
 * The Zoom simulator as a process of its own, for the soak: seeded with the demo account, on
 * loopback, with its faults switched from outside over a small control server on another loopback
 * port (`POST /faults/{name}/on` and `/off`, `POST /faults/clear`), which stays up while "Zoom" is
 * down. Prints one JSON line (`SoakSimulatorInfo`) once everything listens; SIGTERM closes it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type ZoomCredentials } from '../../simulator/simulator.js';
import { FAULT_NAMES, type FaultName } from './fault-catalogue.js';

export interface SoakSimulatorInfo {
  oauthUrl: string;
  apiUrl: string;
  webUrl: string;
  cdnUrl: string;
  controlUrl: string;
  credentials: ZoomCredentials;
}

// Few requests kept: the simulator's record is for tests, and the soak runs for minutes. Lists carry
// start_url, so the proxy rewrites them.
const sim = await startSimulator({ seed: 'demo', maxSeenRequests: 1000, listStartUrls: true });
const { faults } = sim;

/** A one-off event (invalidating tokens, revoking ZAKs) repeated every second while the fault is on. */
function repeating(event: () => void): { on(): void; off(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    on() {
      clearInterval(timer);
      event();
      timer = setInterval(event, 1000);
    },
    off() {
      clearInterval(timer);
    },
  };
}

const clearRules = (): void => faults.clear();

const SWITCHES: Record<FaultName, { on(): void | Promise<void>; off(): void | Promise<void> }> = {
  'token-invalidation': repeating(() => faults.invalidateAccessTokens()),
  'zak-revocation': repeating(() => faults.invalidateAllZaks()),
  'rate-limit': { on: () => faults.rateLimit(), off: clearRules },
  '5xx': {
    on() {
      faults.fail({ status: 503, match: { kind: 'api' } });
      faults.fail({ status: 500, match: { kind: 'web' } });
      faults.fail({ status: 503, match: { kind: 'cdn' } });
    },
    off: clearRules,
  },
  slow: {
    on() {
      faults.delay({ headersMs: 6000, match: { kind: 'api' } });
      faults.delay({ headersMs: 6000, match: { kind: 'web' } });
      faults.delay({ bodyMs: 3000, afterBytes: 64 * 1024, match: { kind: 'cdn' } });
    },
    off: clearRules,
  },
  reset: {
    on() {
      faults.reset({ match: { kind: 'api' } });
      faults.reset({ match: { kind: 'web' } });
      faults.reset({ afterBytes: 64 * 1024, match: { kind: 'cdn' } });
    },
    off: clearRules,
  },
  'zoom-down': { on: () => faults.down(), off: () => faults.up() },
};

const control = createServer((req, res) => {
  const m = /^\/faults\/([a-z0-9-]+)\/(on|off)$/.exec(req.url ?? '');
  const answer = (status: number, text: string): void => {
    res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
  };
  req.resume();
  if (req.method !== 'POST') return answer(405, 'POST only');
  if (req.url === '/faults/clear') {
    faults.clear();
    return answer(200, 'cleared');
  }
  const name = m?.[1] as FaultName | undefined;
  if (!m || !name || !FAULT_NAMES.includes(name)) return answer(404, `unknown fault; one of ${FAULT_NAMES.join(', ')}`);
  Promise.resolve(m[2] === 'on' ? SWITCHES[name].on() : SWITCHES[name].off()).then(
    () => answer(200, `${name} ${m[2]}`),
    (err: unknown) => answer(500, String(err)),
  );
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));

const info: SoakSimulatorInfo = {
  oauthUrl: sim.oauthUrl, apiUrl: sim.apiUrl, webUrl: sim.webUrl, cdnUrl: sim.cdnUrl,
  controlUrl: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
  credentials: sim.credentials,
};
process.stdout.write(`${JSON.stringify(info)}\n`);

process.once('SIGTERM', () => {
  control.closeAllConnections();
  control.close();
  void sim.close().then(() => process.exit(0));
});
