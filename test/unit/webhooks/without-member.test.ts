import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutMember } from '../../../src/webhooks/without-member.js';

/** The member goes, at any depth, with its comma; every other byte stays where it was. */

const cases: [string, string, string][] = [
  ['last, compact', '{"event":"x","payload":{},"download_token":"abc"}', '{"event":"x","payload":{}}'],
  ['middle, compact', '{"event":"x","download_token":"abc","payload":{}}', '{"event":"x","payload":{}}'],
  ['first, compact', '{"download_token":"abc","event":"x"}', '{"event":"x"}'],
  ['only member', '{"download_token":"abc"}', '{}'],
  ['indented, last', '{\n  "event": "x",\n  "payload": {},\n  "download_token": "abc"\n}', '{\n  "event": "x",\n  "payload": {}\n}'],
  ['indented, first', '{\n  "download_token": "abc",\n  "event": "x"\n}', '{\n  "event": "x"\n}'],
  ['a key spelled with escapes is the same key', '{"event":"x","download\\u005ftoken":"abc"}', '{"event":"x"}'],
  ['every copy of a repeated key', '{"download_token":"a","event":"x","download_token":"b"}', '{"event":"x"}'],
  ['a nested member of the same name goes too', '{"event":"x","payload":{"download_token":"abc","a":1},"download_token":"abc"}', '{"event":"x","payload":{"a":1}}'],
  ['in objects within arrays, after numbers and literals', '{"f":[1,true,{"download_token":"abc"},[{"x":2,"download_token":"abc"}],null],"g":[]}', '{"f":[1,true,{},[{"x":2}],null],"g":[]}'],
  ['indented, nested, only member', '{\n  "payload": {\n    "download_token": "abc"\n  },\n  "e": 1\n}', '{\n  "payload": {\n    \n  },\n  "e": 1\n}'],
  ['a string value that spells the name stays', '{"a":"download_token","b":["download_token"]}', '{"a":"download_token","b":["download_token"]}'],
  ['strings with brackets, quotes and commas before it', '{"a":"}],\\"{","b":[1,{"c":"]"}],"download_token":"abc","d":null}', '{"a":"}],\\"{","b":[1,{"c":"]"}],"d":null}'],
  ['a value that is not a string', '{"event":"x","download_token":null,"n":-1.5e3}', '{"event":"x","n":-1.5e3}'],
  ['none', '{"event":"x"}', '{"event":"x"}'],
  ['a byte order mark before it', '\ufeff{"download_token":"abc","event":"x"}', '\ufeff{"event":"x"}'],
  ['non-ASCII around it', '{"topic":"会議 \u{1F3A5}","download_token":"abc","t":"é"}', '{"topic":"会議 \u{1F3A5}","t":"é"}'],
];

for (const [name, input, expected] of cases) {
  test(`withoutMember: ${name}`, () => {
    const out = withoutMember(Buffer.from(input, 'utf8'), 'download_token');
    assert.equal(out.toString('utf8'), expected);
    JSON.parse(out.toString('utf8').replace(/^\ufeff/, ''));
  });
}
