import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { createEventFiles, eventFilesOf } from '../../../src/webhooks/event-files.js';
import { parseEvent } from '../../../src/webhooks/parse-event.js';
import { createManualClock } from '../../helpers/manual-clock.js';

const event = parseEvent(Buffer.from(JSON.stringify({
  event: 'recording.completed',
  payload: {
    account_id: 'a1',
    object: {
      uuid: 'Qm9i//Vm1kN3bWQ0cE9xRw==',
      recording_files: [
        { id: 'f1', download_url: 'https://zoom.us/rec/webhook_download/one' },
        { download_url: 'https://zoom.us/rec/webhook_download/no-id' },
      ],
      participant_audio_files: [{ id: 'p1', download_url: 'https://zoom.us/rec/webhook_download/two?x=1' }],
    },
  },
  download_token: 'x',
})));

test('the files of a recording event: each download_url with its meeting instance and id; a file without an id has none', () => {
  assert.deepEqual(eventFilesOf(event), [
    { downloadUrl: 'https://zoom.us/rec/webhook_download/one', meetingUuid: 'Qm9i//Vm1kN3bWQ0cE9xRw==', fileId: 'f1' },
    { downloadUrl: 'https://zoom.us/rec/webhook_download/two?x=1', meetingUuid: 'Qm9i//Vm1kN3bWQ0cE9xRw==', fileId: 'p1' },
  ]);
  assert.deepEqual(eventFilesOf(parseEvent(Buffer.from('{"event":"meeting.started","payload":{"object":{"id":1}}}'))), []);
});

test('kept by the file\'s path, per account, for the given time', async () => {
  const clock = createManualClock(1_765_000_000_000);
  const files = createEventFiles(createMemoryStore(clock.now));
  files.keep('default', eventFilesOf(event), 60_000);
  assert.deepEqual(await files.placeOf('default', 'https://zoom.us/rec/webhook_download/two'), { meetingUuid: 'Qm9i//Vm1kN3bWQ0cE9xRw==', fileId: 'p1' });
  assert.equal(await files.placeOf('gov', 'https://zoom.us/rec/webhook_download/one'), undefined, 'never for another account');
  clock.advance(60_001);
  assert.equal(await files.placeOf('default', 'https://zoom.us/rec/webhook_download/one'), undefined);
});
