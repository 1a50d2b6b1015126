import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { zoomApiForTest } from '../helpers/custom-zoom.js';
import { download } from '../helpers/download-client.js';
import { viaProxy } from '../helpers/passthrough.js';
import { ALICE, CANARY, type Stack } from '../helpers/start-stack.js';

/**
 * Regression: a recordings answer that starts with a UTF-8 byte order mark taught no owner (its
 * JSON.parse refused the mark), so a client limited to the host could not use the drop-in download
 * of the files it had just listed. The answer here is the simulator's, with the mark put in front.
 */
test("a recordings listing that starts with a byte order mark teaches the owner of its files", async (t) => {
  // The simulator is known once the stack is up; Zoom's stand-in reads it then.
  const zoomSide: { sim?: Stack['sim'] } = {};
  const { stack, agent } = await zoomApiForTest(t, (req, res) => {
    void (async () => {
      const zoom = await request(`${zoomSide.sim!.apiUrl}${(req.url ?? '').slice(3)}`, { headers: { authorization: req.headers.authorization ?? '' } });
      const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(await zoom.body.arrayBuffer())]);
      res.writeHead(zoom.statusCode, { 'content-type': 'application/json;charset=UTF-8', 'content-length': body.length });
      res.end(body);
    })();
  });
  zoomSide.sim = stack.sim;
  const alice = stack.sim.addUser({ email: ALICE });
  const meeting = stack.sim.addMeeting({ hostId: alice.id });
  const file = stack.sim.addRecording({ meetingId: meeting.id, files: [{ fileType: 'MP4', size: 50_000 }] }).files[0]!;

  const listed = await viaProxy(stack, agent, 'GET', `/users/${alice.id}/recordings`, { key: CANARY.scopedKey });
  assert.equal(listed.status, 200, listed.text);
  assert.equal(listed.body[0], 0xef, 'the listing came with its mark');

  const got = await download(`${stack.url}/rec/download/${file.id}`, { agent, headers: { authorization: `Bearer ${CANARY.scopedKey}` } });
  assert.equal(got.status, 200, got.text);
  assert.equal(got.sha256, stack.sim.fileSha256(file.id));
});
