import assert from 'node:assert/strict';
import { test } from 'node:test';
import { direct, maskLinks, viaProxy } from '../helpers/passthrough.js';
import { useAgent } from '../helpers/test-agent.js';
import { useStack } from '../helpers/use-stack.js';

interface Page { next_page_token: string; meetings: Array<{ id: number; start_url: string }> }

const agent = useAgent();
const stack = useStack({ simulator: { seed: 'empty', listStartUrls: true } });

test('every start_url of a paged meeting list is rewritten, page after page, and paging works through the proxy', async () => {
  const host = stack.sim.addUser({ email: 'pages@example.com' });
  const ids = new Set(Array.from({ length: 7 }, () => stack.sim.addMeeting({ hostId: host.id }).id));
  const seen: number[] = [];
  let next = '';
  let pages = 0;
  do {
    const query = `?page_size=3${next ? `&next_page_token=${encodeURIComponent(next)}` : ''}`;
    const proxied = await viaProxy(stack, agent, 'GET', `/users/${host.id}/meetings${query}`);
    assert.equal(proxied.status, 200, proxied.text);
    const page = proxied.json<Page>();
    for (const m of page.meetings) {
      assert.ok(m.start_url.startsWith(`${stack.proxy.publicUrl}/start/${m.id}?exp=`), m.start_url);
      seen.push(m.id);
    }
    // The same page straight from Zoom: identical once the links are masked.
    const zoom = await direct(stack, agent, 'GET', `/users/${host.id}/meetings${query}`);
    assert.equal(maskLinks(proxied.body).masked, maskLinks(zoom.body).masked);
    next = page.next_page_token;
    pages += 1;
  } while (next !== '');
  assert.equal(pages, 3);
  assert.deepEqual(new Set(seen), ids);
});

test('a webinar list and a webinar: start_url rewritten, and the /start link of a webinar starts it', async () => {
  const host = stack.sim.addUser({ email: 'webinars@example.com' });
  const webinar = stack.sim.addWebinar({ hostId: host.id, startUrlZak: 'expired' });
  const list = await viaProxy(stack, agent, 'GET', `/users/${host.id}/webinars`);
  assert.ok(list.json<{ webinars: Array<{ start_url: string }> }>().webinars[0]?.start_url.startsWith(`${stack.proxy.publicUrl}/start/${webinar.id}?`));

  const proxied = await viaProxy(stack, agent, 'GET', `/webinars/${webinar.id}`);
  const zoom = await direct(stack, agent, 'GET', `/webinars/${webinar.id}`);
  const mine = maskLinks(proxied.body);
  assert.equal(mine.masked, maskLinks(zoom.body).masked);
  const link = mine.links[0] ?? '';
  assert.ok(link.startsWith(`${stack.proxy.publicUrl}/start/${webinar.id}?`));
  const follow = await agent.request({ origin: stack.url, path: link.slice(stack.proxy.publicUrl.length), method: 'GET' });
  await follow.body.dump();
  assert.equal(follow.statusCode, 302);
  assert.equal(stack.sim.checkStartZak(webinar.id, new URL(String(follow.headers.location)).searchParams.get('zak') ?? ''), 'host');
});
