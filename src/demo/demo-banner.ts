export interface BannerInput {
  publicUrl: string;
  simulatorUrl: string;
  /** The gov account's own simulated Zoom servers. */
  govSimulatorUrl: string;
  scheduledLink: string;
  pmiLink: string;
  meetingId: number;
  /** A signed download link for one of the demo recordings. */
  downloadLink: string;
  /** The line that makes the first account's Zoom send a `recording.completed` through the proxy. */
  webhookCurl: string;
  clientKey: string;
  botToken: string;
  /** The second account's lines: its start link (naming the account), a meeting, its key and its bot. */
  gov: { startLink: string; meetingId: number; clientKey: string; botToken: string };
}

/** What a newcomer sees after `npm start`: the page to open, that this is a simulation, and lines to paste. */
export function demoBanner(b: BannerInput): string {
  const rule = '='.repeat(78);
  const asApp = `curl -s -H 'Authorization: Bearer ${b.clientKey}'`;
  const asGovApp = `curl -s -H 'Authorization: Bearer ${b.gov.clientKey}'`;
  return [
    '',
    rule,
    '  zoom-link-proxy: DEMO MODE',
    `  Open ${b.publicUrl}/ in a browser: a page of links to click.`,
    '',
    '  This is a simulation. It is NOT connected to real Zoom: an embedded Zoom simulator',
    `  at ${b.simulatorUrl} plays Zoom (OAuth, API, start pages, recordings).`,
    '  Two Zoom accounts behind one proxy: "commercial" and "gov" (Zoom for Government, on servers',
    `  of its own at ${b.govSimulatorUrl}), each with its own client key and bot; the page shows both.`,
    '  To front real Zoom: npm start -- --config config.json (see config.example.json).',
    rule,
    '',
    '  # Is it up?',
    `  curl -s ${b.publicUrl}/healthz`,
    '',
    "  # A signed start link for Alice's meeting: 302 to Zoom's start page with a fresh ZAK of the host.",
    '  # Open it in a browser to see the (simulated) start page say it starts as host.',
    `  curl -si '${b.scheduledLink}'`,
    '',
    "  # Bob's personal meeting ID: Zoom's stored start_url carries an invalidated ZAK (Sept 2021);",
    '  # the proxy swaps in a fresh one.',
    `  curl -si '${b.pmiLink}'`,
    '',
    "  # Zoom's API through the proxy, with an app's key: the meeting's start_url comes back",
    '  # rewritten into a signed link on this proxy (no ZAK in it).',
    `  ${asApp} ${b.publicUrl}/v2/meetings/${b.meetingId}`,
    '  # Recordings: every download_url rewritten into a signed download link.',
    `  ${asApp} ${b.publicUrl}/v2/users/me/recordings`,
    '',
    "  # What a meeting bot's zoom.zak_url fetches (Recall.ai style): the raw ZAK as text.",
    `  curl -s '${b.publicUrl}/zak?token=${b.botToken}'`,
    '',
    '  # An app minting a start link with its client key.',
    `  ${asApp} -H 'Accept: application/json' ${b.publicUrl}/start/${b.meetingId}`,
    '',
    "  # A recording download: the proxy attaches its own Zoom token, follows Zoom's redirect to the",
    '  # file host without it, and resumes if the transfer breaks. Saves GMT..._Recording.mp4 here.',
    `  curl -OJ '${b.downloadLink}'`,
    '',
    "  # Zoom's recording.completed webhook: the simulator sends one, signed, to the proxy, which makes its",
    '  # links safe and relays it to a demo subscriber; this prints what the subscriber received.',
    `  ${b.webhookCurl}`,
    '',
    '  # The gov account: its own start link (it names the account), its own key and bot.',
    `  curl -si '${b.gov.startLink}'`,
    `  ${asGovApp} ${b.publicUrl}/v2/meetings/${b.gov.meetingId}`,
    `  curl -s '${b.publicUrl}/zak?token=${b.gov.botToken}'`,
    '',
    '  Stop with Ctrl-C.',
    rule,
    '',
  ].join('\n');
}
