import { randomBytes } from 'node:crypto';
import { systemClock } from '../clock.js';
import { DEFAULTS, defaultWebhooks, type Config, type ZoomAccount } from '../config/config.js';
import { readPortOverride } from '../config/read-port-override.js';
import { createLinkBuilder } from '../links/link-builder.js';
import { createLinkSigner } from '../links/link-signer.js';
import { DEMO, DEMO_ACCOUNTS, DEMO_GOV, startSimulator, type ZoomSimulator } from '../../simulator/simulator.js';
import { demoBanner } from './demo-banner.js';
import { createDemoPage, type DemoAccountFacts, type DemoPageFactory } from './demo-page.js';
import { DEMO_BOT_TOKEN, DEMO_CLIENT_KEY, DEMO_GOV_BOT_TOKEN, DEMO_GOV_CLIENT_KEY, DEMO_MODE_BOTS, DEMO_MODE_CLIENTS, zoomKeysFor } from './demo-config.js';

export { DEMO_BOT_TOKEN, DEMO_CLIENT_KEY, DEMO_GOV_BOT_TOKEN, DEMO_GOV_CLIENT_KEY } from './demo-config.js';

export interface Demo {
  simulator: ZoomSimulator;
  config: Config;
  /** The banner, once the proxy knows its public URL. */
  banner(publicUrl: string): string;
  /** The page served at `GET /` in demo mode. */
  page: DemoPageFactory;
}

/**
 * Demo mode: the Zoom simulator on loopback holding two accounts, "commercial" (a few users and
 * meetings, one of them the broken personal-meeting-ID start link of Sept 2021) and "gov" (a Zoom for
 * Government account on servers of its own), and a configuration pointing the proxy at both
 * (docs/accounts.md): a client key and a bot token of each.
 */
export async function startDemo(env: NodeJS.ProcessEnv): Promise<Demo> {
  const port = readPortOverride(env) ?? DEFAULTS.listen.port;
  const simulator = await startSimulator({ accounts: [...DEMO_ACCOUNTS] });
  const zoomOf = (name: string): ZoomAccount => ({
    name,
    ...zoomKeysFor(simulator.account(name)),
    timeoutSeconds: DEFAULTS.zoom.timeoutSeconds,
    connections: DEFAULTS.zoom.connections,
  });
  const accounts = DEMO_ACCOUNTS.map((a) => zoomOf(a.name));
  const { name: _first, ...zoom } = accounts[0] as ZoomAccount;
  const config: Config = {
    listen: { host: DEFAULTS.listen.host, port, maxHeaderBytes: DEFAULTS.listen.maxHeaderBytes },
    publicUrl: undefined,
    zoom,
    accounts,
    // A fresh secret per run: demo links die with the demo.
    links: { ...DEFAULTS.links, secret: randomBytes(32).toString('base64url'), previousSecrets: [] },
    zak: { ...DEFAULTS.zak },
    downloads: { ...DEFAULTS.downloads },
    passthrough: { ...DEFAULTS.passthrough },
    clients: DEMO_MODE_CLIENTS.map((c) => ({ ...c })),
    bots: DEMO_MODE_BOTS.map((b) => ({ ...b })),
    webhooks: defaultWebhooks(),
    log: { ...DEFAULTS.log },
    shutdownGraceSeconds: 5,
  };
  const commercial = simulator.account('commercial');
  const gov = simulator.account('gov');
  const rec = DEMO.recordings.aliceScheduled;
  const govRec = DEMO_GOV.recordings.danaScheduled;
  const facts: DemoAccountFacts[] = [
    {
      name: 'commercial',
      title: 'Commercial account',
      simulatorUrl: commercial.webUrl,
      clientKey: DEMO_CLIENT_KEY,
      botToken: DEMO_BOT_TOKEN,
      meetingIds: [DEMO.meetings.aliceScheduled, DEMO.meetings.aliceRecurring, DEMO.meetings.bobPmi],
      recording: {
        meetingId: DEMO.meetings.aliceScheduled,
        files: [
          { fileType: 'MP4', id: rec.files.mp4, size: rec.sizes.mp4 },
          { fileType: 'M4A', id: rec.files.m4a, size: rec.sizes.m4a },
          { fileType: 'TRANSCRIPT', id: rec.files.transcript, size: rec.sizes.transcript },
        ],
      },
      // One meeting (its start_url rewritten), the recordings.
      apiPaths: [`/v2/meetings/${DEMO.meetings.aliceScheduled}`, '/v2/users/me/recordings'],
      zakStillWorks: (meetingId, zak) => commercial.checkStartZak(meetingId, zak) === 'host',
    },
    {
      name: 'gov',
      title: 'Zoom for Government account',
      simulatorUrl: gov.webUrl,
      clientKey: DEMO_GOV_CLIENT_KEY,
      botToken: DEMO_GOV_BOT_TOKEN,
      meetingIds: [DEMO_GOV.meetings.danaScheduled, DEMO_GOV.meetings.erinScheduled],
      recording: {
        meetingId: DEMO_GOV.meetings.danaScheduled,
        files: [
          { fileType: 'MP4', id: govRec.files.mp4, size: govRec.sizes.mp4 },
          { fileType: 'TRANSCRIPT', id: govRec.files.transcript, size: govRec.sizes.transcript },
        ],
      },
      apiPaths: [`/v2/meetings/${DEMO_GOV.meetings.danaScheduled}`, '/v2/users/me/recordings'],
      zakStillWorks: (meetingId, zak) => gov.checkStartZak(meetingId, zak) === 'host',
    },
  ];
  const page = createDemoPage({ simulatorUrl: commercial.webUrl, accounts: facts });
  return {
    simulator,
    config,
    page,
    banner(publicUrl) {
      const signer = createLinkSigner(config.links.secret, systemClock);
      const ttl = { start: config.links.startTtlSeconds, download: config.links.downloadTtlSeconds };
      const links = createLinkBuilder(publicUrl, signer, ttl, 'commercial');
      const govLinks = createLinkBuilder(publicUrl, signer, ttl, 'gov');
      return demoBanner({
        publicUrl,
        simulatorUrl: simulator.webUrl,
        govSimulatorUrl: gov.webUrl,
        scheduledLink: links.startLink(String(DEMO.meetings.aliceScheduled)),
        pmiLink: links.startLink(String(DEMO.meetings.bobPmi)),
        meetingId: DEMO.meetings.aliceScheduled,
        downloadLink: links.downloadLink(`${commercial.webUrl}/rec/download/${rec.files.mp4}`),
        clientKey: DEMO_CLIENT_KEY,
        botToken: DEMO_BOT_TOKEN,
        gov: {
          startLink: govLinks.startLink(String(DEMO_GOV.meetings.danaScheduled)),
          meetingId: DEMO_GOV.meetings.danaScheduled,
          clientKey: DEMO_GOV_CLIENT_KEY,
          botToken: DEMO_GOV_BOT_TOKEN,
        },
      });
    },
  };
}
