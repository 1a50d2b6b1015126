import assert from 'node:assert/strict';
import { test } from 'node:test';
import { download } from '../helpers/download-client.js';
import { viaProxy } from '../helpers/passthrough.js';
import { ALICE, CANARY, startStack } from '../helpers/start-stack.js';
import { testAgent } from '../helpers/test-agent.js';

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * A recordings response is read by three parts of the proxy (a restricted client's scope check, the
 * owners of its files, the link rewrite): the one byte scan serves them all, and nothing JSON.parses
 * the response. JSON.parse is watched for the time the proxy handles each request.
 */
test("a restricted client's recordings responses, one meeting's and a user's list, are never JSON.parsed; their files' owners are learned all the same", async () => {
  const stack = await startStack({ simulator: { seed: 'empty' } });
  const agent = testAgent();
  const parse = JSON.parse;
  const parsed: string[] = [];
  try {
    const alice = stack.sim.addUser({ email: ALICE });
    const listed = stack.sim.addRecording({ meetingId: stack.sim.addMeeting({ hostId: alice.id }).id, files: [{ fileType: 'MP4', size: 20_000 }] });
    const meeting = stack.sim.addMeeting({ hostId: alice.id });
    const single = stack.sim.addRecording({ meetingId: meeting.id, files: [{ fileType: 'M4A', size: 10_000 }] });
    const now = stack.clock.now();
    const watched = async (path: string): Promise<string> => {
      JSON.parse = ((text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) => {
        if (typeof text === 'string' && text.includes('recording_files')) parsed.push(text.slice(0, 80));
        return parse(text, reviver) as unknown;
      }) as typeof JSON.parse;
      try {
        const got = await viaProxy(stack, agent, 'GET', path, { key: CANARY.scopedKey });
        assert.equal(got.status, 200, got.text);
        return got.text;
      } finally {
        JSON.parse = parse;
      }
    };

    const list = await watched(`/users/${encodeURIComponent(ALICE)}/recordings?from=${day(now - 2 * 86_400_000)}&to=${day(now + 86_400_000)}`);
    const one = await watched(`/meetings/${meeting.id}/recordings`);
    assert.deepEqual(parsed, [], 'no recordings response went through JSON.parse');
    assert.ok(list.includes(`${stack.url}/download/`) && one.includes(`${stack.url}/download/`), 'the links were rewritten');
    assert.ok(!one.includes('/rec/download/'), "no Zoom file URL left in one meeting's recordings");

    for (const file of [listed.files[0]!, single.files[0]!]) {
      const got = await download(`${stack.url}/rec/download/${file.id}`, { agent, headers: { authorization: `Bearer ${CANARY.scopedKey}` } });
      assert.equal(got.status, 200, `${file.id}: its owner was learned from the one scan (${got.text})`);
      assert.equal(got.sha256, stack.sim.fileSha256(file.id));
    }
  } finally {
    JSON.parse = parse;
    await agent.close();
    await stack.close();
  }
});
