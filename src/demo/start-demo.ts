import { randomBytes } from 'node:crypto';
import { systemClock } from '../clock.js';
import { DEFAULTS, type Config } from '../config/config.js';
import { readPortOverride } from '../config/read-port-override.js';
import { createLinkBuilder } from '../links/link-builder.js';
import { createLinkSigner } from '../links/link-signer.js';
import { DEMO, startSimulator, type ZoomSimulator } from '../../simulator/simulator.js';
import { demoBanner } from './demo-banner.js';
import { createDemoPage, type DemoPageFactory } from './demo-page.js';
import { DEMO_BOT_TOKEN, DEMO_BOTS, DEMO_CLIENT_KEY, DEMO_CLIENTS, zoomKeysFor } from './demo-config.js';

export { DEMO_BOT_TOKEN, DEMO_CLIENT_KEY } from './demo-config.js';

export interface Demo {
  simulator: ZoomSimulator;
  config: Config;
  /** The banner, once the proxy knows its public URL. */
  banner(publicUrl: string): string;
  /** The page served at `GET /` in demo mode. */
  page: DemoPageFactory;
}

/** The `/v2` requests the banner and the page show: one meeting (its start_url rewritten), the recordings. */
const API_PATHS = [`/v2/meetings/${DEMO.meetings.aliceScheduled}`, '/v2/users/me/recordings'] as const;

/**
 * Demo mode: the Zoom simulator on loopback, seeded with a few users and meetings (one of them the
 * broken personal-meeting-ID start link of Sept 2021), and a configuration pointing the proxy at it.
 */
export async function startDemo(env: NodeJS.ProcessEnv): Promise<Demo> {
  const port = readPortOverride(env) ?? DEFAULTS.listen.port;
  const simulator = await startSimulator({ seed: 'demo' });
  const config: Config = {
    listen: { host: DEFAULTS.listen.host, port, maxHeaderBytes: DEFAULTS.listen.maxHeaderBytes },
    publicUrl: undefined,
    zoom: { ...zoomKeysFor(simulator), timeoutSeconds: DEFAULTS.zoom.timeoutSeconds, connections: DEFAULTS.zoom.connections },
    // A fresh secret per run: demo links die with the demo.
    links: { ...DEFAULTS.links, secret: randomBytes(32).toString('base64url'), previousSecrets: [] },
    zak: { ...DEFAULTS.zak },
    downloads: { ...DEFAULTS.downloads },
    passthrough: { ...DEFAULTS.passthrough },
    clients: DEMO_CLIENTS.map((c) => ({ ...c })),
    bots: DEMO_BOTS.map((b) => ({ ...b })),
    log: { ...DEFAULTS.log },
    shutdownGraceSeconds: 5,
  };
  const { files, sizes } = DEMO.recordings.aliceScheduled;
  const page = createDemoPage({
    simulatorUrl: simulator.webUrl,
    clientKey: DEMO_CLIENT_KEY,
    botToken: DEMO_BOT_TOKEN,
    meetingIds: [DEMO.meetings.aliceScheduled, DEMO.meetings.aliceRecurring, DEMO.meetings.bobPmi],
    recording: {
      meetingId: DEMO.meetings.aliceScheduled,
      files: [
        { fileType: 'MP4', id: files.mp4, size: sizes.mp4 },
        { fileType: 'M4A', id: files.m4a, size: sizes.m4a },
        { fileType: 'TRANSCRIPT', id: files.transcript, size: sizes.transcript },
      ],
    },
    apiPaths: API_PATHS,
    zakStillWorks: (meetingId, zak) => simulator.checkStartZak(meetingId, zak) === 'host',
  });
  return {
    simulator,
    config,
    page,
    banner(publicUrl) {
      const links = createLinkBuilder(publicUrl, createLinkSigner(config.links.secret, systemClock), {
        start: config.links.startTtlSeconds,
        download: config.links.downloadTtlSeconds,
      });
      return demoBanner({
        publicUrl,
        simulatorUrl: simulator.webUrl,
        scheduledLink: links.startLink(String(DEMO.meetings.aliceScheduled)),
        pmiLink: links.startLink(String(DEMO.meetings.bobPmi)),
        meetingId: DEMO.meetings.aliceScheduled,
        downloadLink: links.downloadLink(`${simulator.webUrl}/rec/download/${DEMO.recordings.aliceScheduled.files.mp4}`),
        clientKey: DEMO_CLIENT_KEY,
        botToken: DEMO_BOT_TOKEN,
      });
    },
  };
}
