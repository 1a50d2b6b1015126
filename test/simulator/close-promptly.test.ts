import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'undici';
import { startSimulator } from '../../simulator/simulator.js';

test('close() ends promptly with idle keep-alive sockets, a stalled request and a multi-GB download in flight', async () => {
  const sim = await startSimulator({ seed: 'empty' });
  const agent = new Agent({ keepAliveTimeout: 60_000 });
  try {
    const user = sim.addUser({ email: 'big@example.com' });
    const meeting = sim.addMeeting({ hostId: user.id });
    const file = sim.addRecording({ meetingId: meeting.id, files: [{ fileType: 'MP4', size: 8 * 1024 ** 3 }] }).files[0]!;
    const { clientId, clientSecret, accountId } = sim.credentials;
    const tokenRes = await request(sim.oauthUrl, {
      method: 'POST', dispatcher: agent,
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=account_credentials&account_id=${accountId}`,
    });
    const { access_token: token } = (await tokenRes.body.json()) as { access_token: string };
    const redirect = await request(`${sim.webUrl}/rec/download/${file.id}`, { headers: { authorization: `Bearer ${token}` }, dispatcher: agent });
    await redirect.body.dump();

    const download = await request(String(redirect.headers.location), { dispatcher: agent });
    const reader = download.body[Symbol.asyncIterator]();
    await reader.next(); // the transfer is under way
    sim.faults.delay({ match: { kind: 'api' }, headersMs: 60_000 });
    const stalled = request(`${sim.apiUrl}/users/me`, { headers: { authorization: `Bearer ${token}` }, dispatcher: agent });
    stalled.catch(() => {}); // settled below
    await new Promise((r) => setTimeout(r, 50));

    const started = performance.now();
    await sim.close();
    assert.ok(performance.now() - started < 1000, `closed in ${Math.round(performance.now() - started)} ms`);
    await assert.rejects(stalled);
    await assert.rejects(async () => {
      for (let r = await reader.next(); !r.done; r = await reader.next());
    });
  } finally {
    await sim.close();
    await agent.destroy();
  }
});
