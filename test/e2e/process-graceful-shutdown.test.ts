import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import { request } from 'undici';
import { startSimulator, type ZoomSimulator } from '../../simulator/simulator.js';
import { connectionRefused, simulatorConfigFile, spawnProxy } from '../helpers/spawn-proxy.js';

function writeConfig(sim: ZoomSimulator, graceSeconds: number): string {
  return simulatorConfigFile(sim, {
    links: { secret: 'a-link-secret-for-the-drain-test-0123456789' },
    clients: [{ name: 'app', key: 'drain-test-client-key-0001', users: ['*'] }],
    shutdownGraceSeconds: graceSeconds,
  });
}

test('SIGTERM: new connections refused at once, the request in flight finishes, then exit 0', async () => {
  const sim = await startSimulator({ seed: 'empty' });
  try {
    const meeting = sim.addMeeting({ hostId: sim.addUser({ email: 'h@example.com' }).id });
    const proc = spawnProxy(['--config', writeConfig(sim, 10)]);
    const url = await proc.listening;
    sim.faults.delay({ match: { kind: 'api' }, headersMs: 800 });
    const inFlight = request(`${url}/start/${meeting.id}`, { headers: { authorization: 'Bearer drain-test-client-key-0001' } });
    await new Promise((r) => setTimeout(r, 200));
    proc.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(await connectionRefused(url), true, 'new connections are refused while draining');
    const res = await inFlight;
    await res.body.dump();
    assert.equal(res.statusCode, 302, 'the request in flight was answered');
    const { code } = await proc.exited;
    assert.equal(code, 0);
  } finally {
    await sim.close();
  }
});

test('SIGTERM: a request still running after shutdownGraceSeconds is cut and the process exits 0', async () => {
  const sim = await startSimulator({ seed: 'empty' });
  try {
    const meeting = sim.addMeeting({ hostId: sim.addUser({ email: 'h@example.com' }).id });
    const proc = spawnProxy(['--config', writeConfig(sim, 0.3)]);
    const url = await proc.listening;
    sim.faults.delay({ match: { kind: 'api' }, headersMs: 5_000 });
    const inFlight = request(`${url}/start/${meeting.id}`, { headers: { authorization: 'Bearer drain-test-client-key-0001' } }).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    proc.child.kill('SIGTERM');
    const { code } = await proc.exited;
    assert.equal(code, 0);
    assert.ok(Date.now() - t0 < 3_000, 'exited near the grace period, not when Zoom answered');
    assert.equal(await inFlight, 'cut');
  } finally {
    await sim.close();
  }
});

test('a second signal exits at once', async () => {
  const sim = await startSimulator({ seed: 'empty' });
  try {
    const meeting = sim.addMeeting({ hostId: sim.addUser({ email: 'h@example.com' }).id });
    const proc = spawnProxy(['--config', writeConfig(sim, 30)]);
    const url = await proc.listening;
    sim.faults.delay({ match: { kind: 'api' }, headersMs: 5_000 });
    const inFlight = request(`${url}/start/${meeting.id}`, { headers: { authorization: 'Bearer drain-test-client-key-0001' } }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    proc.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    proc.child.kill('SIGINT');
    const { code } = await proc.exited;
    assert.equal(code, 1);
    assert.ok(Date.now() - t0 < 2_000);
    await inFlight;
  } finally {
    await sim.close();
  }
});

test('SIGTERM during a download: the file finishes streaming whole within the grace period, then exit 0', async () => {
  const sim = await startSimulator({ seed: 'empty' });
  try {
    const meeting = sim.addMeeting({ hostId: sim.addUser({ email: 'h@example.com' }).id });
    const [file] = sim.addRecording({ meetingId: meeting.id, files: [{ fileType: 'MP4', size: 2_000_000 }] }).files;
    const proc = spawnProxy(['--config', writeConfig(sim, 10)]);
    const url = await proc.listening;
    const listed = await request(`${url}/v2/meetings/${meeting.id}/recordings`, { headers: { authorization: 'Bearer drain-test-client-key-0001' } });
    const link = ((await listed.body.json()) as { recording_files: Array<{ download_url: string }> }).recording_files[0]?.download_url ?? '';
    assert.ok(link.startsWith(`${url}/download/`), link);
    // The file host pauses mid-body, so the download is surely in flight when the signal comes.
    sim.faults.delay({ match: { kind: 'cdn' }, bodyMs: 800, afterBytes: 500_000, count: 1 });
    const res = await request(link);
    assert.equal(res.statusCode, 200);
    const hash = createHash('sha256');
    const body = (async () => {
      for await (const chunk of res.body) hash.update(chunk as Buffer);
    })();
    proc.child.kill('SIGTERM');
    await body;
    assert.equal(hash.digest('hex'), sim.fileSha256(file?.id ?? ''), 'the whole file arrived');
    assert.equal((await proc.exited).code, 0);
  } finally {
    await sim.close();
  }
});

// Found in review: closeIdleConnections() does not count a socket that never sent a request as idle,
// so one such connection (a browser's preconnect) held every exit for the whole grace period.
test('SIGTERM with only a connection that never sent a request exits at once', async () => {
  const sim = await startSimulator({ seed: 'empty' });
  try {
    const proc = spawnProxy(['--config', writeConfig(sim, 30)]);
    const { hostname, port } = new URL(await proc.listening);
    const socket = connect(Number(port), hostname);
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = Date.now();
    proc.child.kill('SIGTERM');
    const kill = setTimeout(() => proc.child.kill('SIGKILL'), 45_000);
    const { code, signal } = await proc.exited;
    clearTimeout(kill);
    socket.destroy();
    assert.equal(code, 0, `exit ${code} ${signal}; stderr: ${proc.stderr()}; stdout: ${proc.stdout().slice(-600)}`);
    const took = Date.now() - started;
    assert.ok(took < 3_000, `nothing was in flight, yet the exit took ${took} ms (grace 30 s)`);
  } finally {
    await sim.close();
  }
});
