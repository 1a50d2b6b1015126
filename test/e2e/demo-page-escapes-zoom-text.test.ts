import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { DEMO } from '../../simulator/simulator.js';
import { demoStackForTest } from '../helpers/demo-stack.js';

// A meeting's topic is whatever its host typed into Zoom; the page shows it and Zoom's JSON.
test("the demo page escapes what Zoom says: a topic with markup stays text", async (t) => {
  const { url, demo } = await demoStackForTest(t);
  const hostile = `</pre><script>alert("x")</script><a href='//evil'>&amp;`;
  const meeting = demo.simulator.meeting(DEMO.meetings.aliceScheduled);
  assert.ok(meeting);
  meeting.topic = hostile;
  const page = await (await request(`${url}/`)).body.text();
  assert.doesNotMatch(page, /<script/i);
  assert.doesNotMatch(page, /href='\/\/evil'/);
  // Shown as text twice: the meeting's heading, and inside the /v2 answer's JSON (its quotes escaped by JSON first).
  assert.ok(page.includes('<h4>&lt;/pre&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;a href=&#39;//evil&#39;&gt;&amp;amp;</h4>'), 'heading');
  assert.ok(page.includes('&quot;topic&quot;: &quot;&lt;/pre&gt;&lt;script&gt;alert(\\&quot;x\\&quot;)'), 'JSON');
});
