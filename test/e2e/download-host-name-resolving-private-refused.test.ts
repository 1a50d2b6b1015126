import assert from 'node:assert/strict';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { test } from 'node:test';
import { addRecordingFiles, download, errorCode, zoomDownloadUrl } from '../helpers/download-client.js';
import { testAgent } from '../helpers/test-agent.js';
import { stackForTest } from '../helpers/start-stack.js';

/**
 * `zoom.downloadHosts` names hosts, and a DNS answer decides where a name leads: a listed name
 * pointed at the inside (here, at the simulator on 127.0.0.1) must not be followed there. The
 * check is on the address the connection uses, inside its own look-up. An IP literal in the list
 * is taken as written.
 */
const NAME = 'files.zoom-test.example';

test('a download host listed by a name that resolves to a loopback address: 502 zoom_redirect_refused, nothing sent; the same host listed as its IP works', async (t) => {
  const asked: string[] = [];
  const lookup: LookupFunction = (hostname, options, callback) => {
    asked.push(hostname);
    if (hostname !== NAME) return dnsLookup(hostname, options, callback);
    const answer: LookupAddress[] = [{ address: '127.0.0.1', family: 4 }];
    if (options.all) return (callback as unknown as (err: null, all: LookupAddress[]) => void)(null, answer);
    callback(null, '127.0.0.1', 4);
  };
  const stack = await stackForTest(t, { simulator: { seed: 'empty' }, lookup, configure: (c) => c.zoom.downloadHosts.push(NAME) });
  const agent = testAgent();
  t.after(() => agent.close());
  const [fileId] = addRecordingFiles(stack, { fileType: 'MP4', size: 256 * 1024 });
  const byIp = new URL(zoomDownloadUrl(stack, fileId));
  const byName = new URL(byIp.href);
  byName.hostname = NAME;

  const refused = await download(stack.proxy.services.sideOf().links.downloadLink(byName.href), { agent });
  assert.deepEqual([refused.status, errorCode(refused)], [502, 'zoom_redirect_refused']);
  assert.deepEqual(asked, [NAME], 'the name was resolved by the connection, once');
  assert.equal(stack.sim.seen.requests.filter((r) => r.kind === 'web').length, 0, 'nothing reached the address it resolves to');
  const logged = stack.logs.lines().find((l) => String(l.msg).startsWith('download host refused'));
  assert.equal(logged?.host, byName.host);
  assert.doesNotMatch(JSON.stringify(logged), /rec\/download/, 'the host is logged, never the URL');

  const allowed = await download(stack.proxy.services.sideOf().links.downloadLink(byIp.href), { agent });
  assert.equal(allowed.status, 200);
  assert.equal(allowed.sha256, stack.sim.fileSha256(fileId));
  assert.deepEqual(asked, [NAME], 'an IP literal is never looked up');
});
