import { escapeHtml as esc } from '../http/escape-html.js';

/** One demo meeting: the proxy's signed start link beside what Zoom itself stores. */
export interface MeetingView {
  id: number;
  topic: string;
  kind: string;
  hostEmail: string;
  proxyLink: string;
  /**
   * Zoom's stored `start_url`: `open` when its ZAK no longer works (it can be shown and followed),
   * `hidden` when it still does (shown with the ZAK masked, never as a link), `none` when Zoom gave none.
   */
  stored: { state: 'open'; url: string } | { state: 'hidden'; masked: string } | { state: 'none' };
  /** Set when Zoom could not be asked about the meeting. */
  error?: string;
}

export interface FileView {
  fileType: string;
  size: number;
  link: string;
}

/** What one `/v2` request answered through the proxy, with the curl line that asks the same. */
export interface ProxiedAnswer {
  path: string;
  curl: string;
  status: number;
  body: string;
}

/** One account's section. */
export interface AccountView {
  name: string;
  title: string;
  meetings: MeetingView[];
  recording: { topic: string; files: FileView[] };
  answers: ProxiedAnswer[];
  zakLink: string;
  webhook: WebhookView;
}

/** The account's webhooks: the button's target, its curl line, and the latest event the demo subscriber received. */
export interface WebhookView {
  /** Where the button posts (the page's own origin). */
  action: string;
  curl: string;
  received: { webhookId: string; event: string; verified: boolean; body: string; links: Array<{ label: string; url: string }> } | undefined;
}

export interface DemoPageView {
  publicUrl: string;
  simulatorUrl: string;
  startTtlSeconds: number;
  downloadTtlSeconds: number;
  accounts: AccountView[];
}

const STYLE = `
body{font:1rem/1.5 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem 1.25rem;color:#1d1d1f}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.2rem;margin:2rem 0 .5rem;padding-bottom:.2rem;border-bottom:1px solid #ddd}
h3{font-size:1.1rem;margin:1.5rem 0 .25rem}
h4{font-size:1.05rem;margin:1.25rem 0 0}
.sim{background:#fff4d6;border:1px solid #e8c25c;border-radius:6px;padding:.6rem 1rem}
.meta{color:#666;margin:0 0 .25rem}
code,pre{font:.85rem/1.4 ui-monospace,Menlo,monospace}
code{overflow-wrap:anywhere;color:#555}
pre{background:#f4f4f5;padding:.75rem;overflow-x:auto;border-radius:6px}
mark{background:#d9f2d0}
dt{font-weight:600;margin-top:.4rem}
dd{margin:0 0 0 1rem}
button{font:inherit;padding:.2rem .7rem;background:#0b5cff;color:#fff;border:0;border-radius:6px;cursor:pointer}
a.go{display:inline-block;padding:.2rem .7rem;margin:.1rem 0;background:#0b5cff;color:#fff;border-radius:6px;text-decoration:none}
a.old{display:inline-block;padding:.2rem .7rem;margin:.1rem 0;border:1px solid #999;color:#333;border-radius:6px;text-decoration:none}
summary{cursor:pointer}
ul{padding-left:1.25rem}
`;

function durationOf(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

function sizeOf(bytes: number): string {
  if (bytes >= 1_048_576) return `${(bytes / 1_048_576).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** A ZAK is a few hundred characters of JWT: its start is enough to recognise it on screen. */
const shortenZak = (url: string): string => url.replace(/([?&]zak=)([^&#]{16})[^&#]+/i, '$1$2…');

function storedLink(m: MeetingView): string {
  if (m.stored.state === 'open') {
    return `<a class="old" href="${esc(m.stored.url)}">Open Zoom's stored link</a> Zoom has stopped honouring the ZAK in it
      (as it did in September 2021, before it expired): it lands on Zoom's sign-in page.<br><code>${esc(shortenZak(m.stored.url))}</code>`;
  }
  if (m.stored.state === 'hidden') {
    return `<code>${esc(m.stored.masked)}</code><br>Its ZAK still works, so it is hidden here: anyone holding that
      link can start the meeting as its host until the ZAK expires, and Zoom may stop honouring it sooner.`;
  }
  return 'Zoom gave no start_url for this meeting.';
}

function meetingSection(m: MeetingView): string {
  if (m.error !== undefined) {
    return `<h4>Meeting ${m.id}</h4><p>Zoom could not be asked about this meeting: ${esc(m.error)}</p>`;
  }
  return `<h4>${esc(m.topic)}</h4>
<p class="meta">${esc(m.kind)} ${m.id}, hosted by ${esc(m.hostEmail)}</p>
<dl><dt>The proxy's link</dt>
<dd><a class="go" href="${esc(m.proxyLink)}">Start as host</a> asks Zoom for a fresh ZAK of the host when it is followed.<br><code>${esc(m.proxyLink)}</code></dd>
<dt>Zoom's stored start_url</dt><dd>${storedLink(m)}</dd></dl>`;
}

/** The JSON, escaped, with the lines the proxy rewrote marked. */
function answerJson(body: string): string {
  return esc(body)
    .split('\n')
    .map((line) => (/^\s*&quot;(?:start_url|download_url)&quot;:/.test(line) ? `<mark>${line}</mark>` : line))
    .join('\n');
}

function answerSection(a: ProxiedAnswer, open: boolean): string {
  return `<p><code>${esc(a.curl)}</code></p>
<details${open ? ' open' : ''}><summary>GET ${esc(a.path)}: ${a.status === 0 ? 'no answer' : `HTTP ${a.status}`}</summary>
<pre>${answerJson(a.body)}</pre></details>`;
}

function files(a: AccountView): string {
  return a.recording.files.map((f) => `<li><a href="${esc(f.link)}">${esc(f.fileType)}, ${sizeOf(f.size)}</a></li>`).join('\n');
}

function received(w: WebhookView): string {
  const r = w.received;
  if (r === undefined) return '<p>The demo subscriber has received nothing from this account yet.</p>';
  return `<p>The latest event the demo subscriber received:</p>
<dl><dt>webhook-id</dt><dd><code>${esc(r.webhookId)}</code> (${esc(r.event)}; the same for Zoom's retries and duplicates of this event)</dd>
<dt>Signature</dt><dd>${r.verified ? 'verified' : '<strong>did not verify</strong>'} with the subscriber's secret (Standard Webhooks)</dd>
<dt>Its links</dt><dd><ul>
${r.links.map((link) => `<li><a href="${esc(link.url)}">${esc(link.label)}</a>: a signed download link of the proxy</li>`).join('\n')}
</ul></dd></dl>
<details><summary>The body (no <code>download_token</code>; links marked)</summary>
<pre>${answerJson(r.body)}</pre></details>`;
}

function webhookSection(account: string, w: WebhookView): string {
  return `<h3 id="webhook-${esc(account)}">Zoom's webhooks</h3>
<p>Zoom's <code>recording.completed</code> event carries Zoom's own file links and a download token. The proxy checks
the event's signature, replaces every link with a signed link of its own, keeps the token, and delivers the event,
signed, to the internal apps subscribed to it: here a small demo subscriber inside this process.</p>
<form method="post" action="${esc(w.action)}"><button type="submit">Send a recording.completed</button></form>
<p><code>${esc(w.curl)}</code></p>
${received(w)}`;
}

/** One account's section: its meetings, a recording, its /v2 answers, its bot. */
function accountSection(a: AccountView, downloadTtlSeconds: number): string {
  return `<section id="account-${esc(a.name)}">
<h2>${esc(a.title)} (<code>${esc(a.name)}</code>)</h2>
<h3>Start a meeting</h3>
${a.meetings.map(meetingSection).join('\n')}

<h3>Download a recording</h3>
<p>${esc(a.recording.topic)}: signed download links, valid ${durationOf(downloadTtlSeconds)}. The proxy attaches its own
Zoom token, follows Zoom's redirect to the file host without it, and resumes if the transfer breaks.</p>
<ul>
${files(a)}
</ul>

${webhookSection(a.name, a.webhook)}

<h3>Zoom's API through the proxy</h3>
<p>Apps call <code>/v2/...</code> on the proxy with their own key, as they would call Zoom's API. The proxy adds
its Zoom token and rewrites every <code>start_url</code> and <code>download_url</code> (marked) into links like
the ones above; nothing else in the answer changes. Fetched through the proxy when this page was made:</p>
${a.answers.map((answer, i) => answerSection(answer, i === 0)).join('\n')}

<h3>Meeting bots</h3>
<p><a href="${esc(a.zakLink)}">/zak</a>: what a bot platform's <code>zoom.zak_url</code> fetches, the raw ZAK of the
bot's Zoom user (of this account) as text.<br><code>${esc(a.zakLink)}</code></p>
</section>`;
}

/** The demo's page: every value that came from outside (Zoom's answers, links) is escaped. */
export function renderDemoPage(v: DemoPageView): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>zoom-link-proxy demo</title><style>${STYLE}</style></head>
<body>
<h1>zoom-link-proxy: demo</h1>
<p class="sim"><strong>This is a simulation.</strong> Nothing here talks to real Zoom: a small Zoom simulator
runs inside this process, at <code>${esc(v.simulatorUrl)}</code>, and plays Zoom's sign-in, API, meeting start
pages and recording files. The people, meetings and recordings are made up. The proxy in front of it is the
real one, the same code that fronts Zoom when started with a configuration file.</p>
<p>A Zoom start link carries a ZAK, a token that lets whoever holds it start the meeting as its host. Zoom can
stop honouring a ZAK before it expires; when it did, in September 2021, stored links to personal meeting rooms
stopped working. The proxy hands out its own signed links instead (valid ${durationOf(v.startTtlSeconds)}): following
one asks Zoom for a fresh ZAK of the host at that moment.</p>
<p>One proxy serves ${v.accounts.length === 1 ? 'one Zoom account' : `${v.accounts.length} Zoom accounts`}: ${v.accounts.map((a) => `${esc(a.title)} (<code>${esc(a.name)}</code>)`).join(', ')}, a section each below.
Each has its own Zoom app, users and meetings, its own client key and bot; a link names the account it was signed
for (<code>acct</code>), and one account's key cannot reach another's meetings.</p>

${v.accounts.map((a) => accountSection(a, v.downloadTtlSeconds)).join('\n\n')}

<h2>Operations</h2>
<ul>
<li><a href="${esc(v.publicUrl)}/healthz">/healthz</a>: liveness</li>
<li><a href="${esc(v.publicUrl)}/readyz">/readyz</a>: ready while every account holds a Zoom access token or can get one</li>
<li><a href="${esc(v.publicUrl)}/metrics">/metrics</a>: Prometheus metrics</li>
</ul>
<p>To front real Zoom: stop this with Ctrl-C and run <code>npm start -- --config config.json</code>
(see <code>config.example.json</code>).</p>
</body></html>
`;
}
