import { randomBytes } from 'node:crypto';
import { systemClock } from '../clock.js';
import { DEFAULTS, defaultWebhooks, type Config, type ZoomAccount } from '../config/config.js';
import { readPortOverride } from '../config/read-port-override.js';
import { createLinkBuilder } from '../links/link-builder.js';
import { createLinkSigner } from '../links/link-signer.js';
import { DEMO, DEMO_ACCOUNTS, DEMO_GOV, startSimulator, type ZoomSimulator } from '../../simulator/simulator.js';
import { demoBanner } from './demo-banner.js';
import { createDemoPage, webhookCurl, type DemoAccountFacts, type DemoPageFactory } from './demo-page.js';
import {
  DEMO_BOT_TOKEN, DEMO_CLIENT_KEY, DEMO_GOV_BOT_TOKEN, DEMO_GOV_CLIENT_KEY, DEMO_GOV_WEBHOOK_SECRET_TOKEN, DEMO_MODE_BOTS, DEMO_MODE_CLIENTS,
  DEMO_SUBSCRIBER_SECRET, DEMO_WEBHOOK_SECRET_TOKEN, zoomKeysFor,
} from './demo-config.js';
import { startDemoSubscriber } from './demo-subscriber.js';

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
 * (docs/accounts.md): a client key and a bot token of each. Each account's Zoom app sends its
 * events to the proxy's webhook route, which relays them to a demo subscriber on loopback
 * (docs/webhooks.md); the page has a button that makes Zoom send a `recording.completed`.
 */
export async function startDemo(env: NodeJS.ProcessEnv): Promise<Demo> {
  const port = readPortOverride(env) ?? DEFAULTS.listen.port;
  const simulator = await startSimulator({ accounts: [...DEMO_ACCOUNTS] });
  const subscriber = await startDemoSubscriber(DEMO_SUBSCRIBER_SECRET);
  const webhookSecretTokens: Record<string, string> = { commercial: DEMO_WEBHOOK_SECRET_TOKEN, gov: DEMO_GOV_WEBHOOK_SECRET_TOKEN };
  const zoomOf = (name: string): ZoomAccount => ({
    name,
    ...zoomKeysFor(simulator.account(name)),
    ...(webhookSecretTokens[name] === undefined ? {} : { webhookSecretToken: webhookSecretTokens[name] }),
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
    webhooks: { ...defaultWebhooks(), subscribers: [{ name: 'demo-subscriber', url: subscriber.url, secret: DEMO_SUBSCRIBER_SECRET, events: ['*'] }] },
    log: { ...DEFAULTS.log },
    shutdownGraceSeconds: 5,
  };
  const commercial = simulator.account('commercial');
  const gov = simulator.account('gov');
  /** Points the account's Zoom app at the proxy's route for it, then sends the recording's `recording.completed`. */
  const sendFrom = (name: string, meetingId: number) => async (route: string): Promise<number> => {
    const account = simulator.account(name);
    account.webhooks = { url: route, secretToken: webhookSecretTokens[name] ?? '' };
    const delivery = await account.sendRecordingCompleted(meetingId);
    return delivery.attempts[0]?.status ?? 0;
  };
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
      webhook: { zoomAccountId: commercial.credentials.accountId, send: sendFrom('commercial', DEMO.meetings.aliceScheduled) },
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
      webhook: { zoomAccountId: gov.credentials.accountId, send: sendFrom('gov', DEMO_GOV.meetings.danaScheduled) },
    },
  ];
  const page = createDemoPage({ simulatorUrl: commercial.webUrl, accounts: facts, subscriber });
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
        webhookCurl: webhookCurl(publicUrl.replace(/\/+$/, ''), 'commercial'),
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
