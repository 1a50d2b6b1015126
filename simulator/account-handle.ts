/** The public face of one account (`sim.account(name)`), built once its servers listen. */
import type { SimulatorAccount, SimulatorAccountFaults, SimulatorAccountRecord } from './account-types.js';
import type { SimAccount } from './account.js';
import type { WebhookMethods } from './webhook-methods.js';
import { startVerdict } from './start-verdict.js';
import { fileSha256 } from './file-bytes.js';
import { webhookEndpoint } from './account-options.js';

export function accountHandle(
  a: SimAccount, faults: SimulatorAccountFaults, seen: SimulatorAccountRecord, webhooks: WebhookMethods,
): SimulatorAccount {
  const { state, tokens } = a;
  const webUrl = a.servers.main.url;
  return {
    name: a.name,
    credentials: a.credentials,
    oauthUrl: `${webUrl}/oauth/token`,
    apiUrl: `${webUrl}/v2`,
    webUrl,
    cdnUrl: a.servers.cdn.url,
    addUser: (u) => state.addUser(u),
    addMeeting: (m) => state.addMeeting(m),
    addWebinar: (w) => state.addWebinar(w),
    addRecording: (r) => state.addRecording(r),
    user: (idOrEmail) => state.user(idOrEmail),
    meeting: (id) => state.meeting(id),
    checkStartZak: (meetingId, zak) => (startVerdict(state, tokens, meetingId, zak) === 'host' ? 'host' : 'sign_in_required'),
    fileSha256: (fileId, range) => {
      const file = state.files.get(fileId);
      if (!file) throw new Error(`simulator: no file ${fileId} in account ${a.name}`);
      return fileSha256(file, range);
    },
    get webhooks() {
      return a.webhooks && { ...a.webhooks };
    },
    set webhooks(endpoint) {
      a.webhooks = endpoint && webhookEndpoint(endpoint, `simulator: account ${a.name} webhooks`);
    },
    ...webhooks,
    faults,
    seen,
  };
}
