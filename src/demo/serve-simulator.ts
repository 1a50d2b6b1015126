/**
 * `npm run simulator`: the Zoom simulator alone, with the demo's users, meetings and recordings, on a
 * fixed port (9901; `SIMULATOR_PORT` or `--port N` to change it), for staging and for trying a real
 * configuration against it. It prints on stdout the configuration file that points the proxy at it
 * (credentials, URLs, download hosts, the demo client and bot), and how to use it on stderr.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULTS } from '../config/config.js';
import { startSimulator } from '../../simulator/simulator.js';
import { DEMO_BOTS, DEMO_CLIENTS, zoomKeysFor } from './demo-config.js';

/** Where `npm run simulator` listens unless told otherwise: fixed, so a saved configuration keeps working. */
export const SIMULATOR_PORT = 9901;

function fail(message: string): never {
  process.stderr.write(`simulator: ${message}\n`);
  process.exit(1);
}

/** `--port N` wins over SIMULATOR_PORT, which wins over the default. */
function portFrom(argv: string[], env: NodeJS.ProcessEnv): number {
  let value = env['SIMULATOR_PORT'];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') value = argv[++i] ?? '';
    else if (argv[i]?.startsWith('--port=')) value = argv[i]?.slice('--port='.length);
    else fail(`${argv[i]} is not an option: the only one is --port N (through npm: npm run simulator -- --port 9902)`);
  }
  if (value === undefined) return SIMULATOR_PORT;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port <= 65_535)) fail(`the port must be an integer from 0 to 65535, not ${JSON.stringify(value)}`);
  return port;
}

async function serveSimulator(): Promise<void> {
  const port = portFrom(process.argv.slice(2), process.env);
  const simulator = await startSimulator({ seed: 'demo', port }).catch((err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(code === 'EADDRINUSE' ? `port ${port} is taken: pick another with SIMULATOR_PORT=9902 npm run simulator` : String(err));
  });
  const configFile = {
    listen: { host: DEFAULTS.listen.host, port: DEFAULTS.listen.port },
    zoom: zoomKeysFor(simulator),
    // Made for this configuration only: it signs the links of a proxy that fronts the simulator.
    links: { secret: randomBytes(32).toString('base64url') },
    clients: DEMO_CLIENTS,
    bots: DEMO_BOTS,
  };
  process.stdout.write(`${JSON.stringify(configFile, null, 2)}\n`);
  process.stderr.write(
    [
      `Zoom simulator (demo data, NOT real Zoom) at ${simulator.webUrl}; files at ${simulator.cdnUrl}.`,
      'The configuration above points the proxy at it. Save it and start the proxy with it:',
      '  npm run -s simulator > simulator-config.json    # or copy it from above',
      '  npm start -- --config simulator-config.json',
      'Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    void simulator.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void serveSimulator();
