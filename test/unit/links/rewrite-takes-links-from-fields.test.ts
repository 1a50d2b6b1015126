import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractJsonFields } from '../../../src/links/extract-json-fields.js';
import { pair, PUBLIC } from '../../helpers/link-engine-pair.js';

/**
 * A caller that scanned the answer already (a scope check, the recording owners) hands the rewrite
 * its result: the rewrite takes its links from it and does not scan the body again. Shown by a body
 * changed after the scan: a link key that appears only afterwards is not seen.
 */
test('with the field extractor\'s result, neither the engine nor JavaScript scans the body again', async () => {
  const p = pair();
  const text = '{"id":1,"start_urx":"https://zoom.us/s/111","start_url":"https://zoom.us/s/222"}';
  const fields = extractJsonFields(Buffer.from(text));
  const changed = text.replace('start_urx', 'start_url');
  for (const [name, rewriter] of [['javascript', p.reference], ['engine', p.wasm!]] as const) {
    const scanned = (await rewriter.rewrite(Buffer.from(changed)))?.toString();
    assert.ok(scanned !== undefined && !scanned.includes('zoom.us/s/111') && !scanned.includes('zoom.us/s/222'), `${name}: its own scan finds both`);
    const given = (await rewriter.rewrite(Buffer.from(changed), { inPlace: true, fields }))?.toString();
    assert.ok(given?.includes('"start_url":"https://zoom.us/s/111"'), `${name}: the key that was not there at the scan is left alone`);
    assert.ok(given?.includes(`"start_url":"${PUBLIC}/start/222?`) === true, `${name}: the link the scan found is rewritten`);
  }
  assert.equal(p.handedOver(), 0, 'not an answer the engine handed over: it never scanned it');
});

test('the links taken from the extractor are rewritten to the same bytes as the rewrite\'s own scan finds', async () => {
  const p = pair();
  const bodies = [
    JSON.stringify({ meetings: [{ id: 1, host_id: 'H', start_url: 'https://zoom.us/s/1?zak=Z' }, { id: 2, start_url: 'https://zoom.us/s/2' }] }),
    JSON.stringify({ host_id: 'H', recording_files: [{ download_url: 'https://us06web.zoom.us/rec/download/a' }], participant_audio_files: [{ download_url: 'https://zoom.us/rec/download/b' }] }),
    '{"start\\u005furl":"https://zoom.us/s/3","download_url":"https:\\/\\/zoom.us\\/rec\\/download\\/c","start_url":"https://zoom.us/s/4"}',
    `{"start_url":"${PUBLIC}/start/5","users":[]}`,
    '{"users":[{"id":"u1","email":"a@example.com"}]}',
  ];
  for (const body of bodies) {
    for (const rewriter of [p.reference, p.wasm!]) {
      const own = await rewriter.rewrite(Buffer.from(body));
      const given = await rewriter.rewrite(Buffer.from(body), { fields: extractJsonFields(Buffer.from(body)) });
      assert.equal(given?.toString(), own?.toString(), body);
    }
  }
});
