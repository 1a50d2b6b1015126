/**
 * How fast the simulator's CDN serves a recording over loopback. The client runs in a worker
 * thread and discards the bytes, so the number is the server's, not the client's parsing.
 * Run: `npx tsc -p tsconfig.json && node dist/bench/simulator-cdn.js [GiB]` (default 2).
 */
import { Worker } from 'node:worker_threads';
import { request } from 'undici';
import { startSimulator } from '../simulator/simulator.js';

// A raw socket that counts bytes until the announced length is in: no HTTP parsing cost on the
// client side, which shares the machine's cores with the server.
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const url = new URL(workerData.url);
const started = performance.now();
let head = '';
let bytes = 0;
let total = -1;
const socket = net.connect(Number(url.port), url.hostname, () => {
  socket.write('GET ' + url.pathname + url.search + ' HTTP/1.1\\r\\nHost: ' + url.host + '\\r\\nConnection: close\\r\\n\\r\\n');
});
socket.on('data', (c) => {
  if (total < 0) {
    head += c.toString('latin1');
    const end = head.indexOf('\\r\\n\\r\\n');
    if (end < 0) return;
    total = Number(/content-length: (\\d+)/i.exec(head)[1]);
    bytes = head.length - end - 4;
  } else {
    bytes += c.length;
  }
  if (bytes >= total) {
    socket.destroy();
    parentPort.postMessage({ status: Number(head.slice(9, 12)), bytes, ms: performance.now() - started });
  }
});
socket.on('error', (e) => parentPort.postMessage({ error: String(e) }));
`;

const gib = Number(process.argv[2] ?? 2);
const sim = await startSimulator({ seed: 'empty' });
try {
  const user = sim.addUser({ email: 'bench@example.com' });
  const meeting = sim.addMeeting({ hostId: user.id });
  const file = sim.addRecording({ meetingId: meeting.id, files: [{ fileType: 'MP4', size: Math.round(gib * 1024 ** 3) }] }).files[0]!;
  const { clientId, clientSecret, accountId } = sim.credentials;
  const mint = await request(sim.oauthUrl, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=account_credentials&account_id=${accountId}`,
  });
  const { access_token: token } = (await mint.body.json()) as { access_token: string };
  const redirect = await request(`${sim.webUrl}/rec/download/${file.id}`, { headers: { authorization: `Bearer ${token}` } });
  await redirect.body.dump();
  for (let run = 1; run <= 3; run++) {
    const result = await new Promise<{ status?: number; bytes?: number; ms?: number; error?: string }>((resolve, reject) => {
      const worker = new Worker(CLIENT, { eval: true, workerData: { url: String(redirect.headers.location) } });
      worker.once('message', (m) => { void worker.terminate(); resolve(m as { bytes: number; ms: number }); });
      worker.once('error', reject);
    });
    if (result.error || result.bytes !== file.size) throw new Error(`run ${run} failed: ${JSON.stringify(result)}`);
    const gbps = result.bytes / 1e9 / ((result.ms ?? 1) / 1000);
    process.stdout.write(`run ${run}: ${(result.bytes / 1024 ** 3).toFixed(2)} GiB in ${Math.round(result.ms ?? 0)} ms = ${gbps.toFixed(2)} GB/s\n`);
  }
} finally {
  await sim.close();
}
