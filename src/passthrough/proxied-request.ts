import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientConfig } from '../config/config.js';
import type { ScopeTarget } from './passthrough-scope.js';

/** A `/v2` request being proxied: what the response written to the client depends on besides Zoom's. */
export interface ProxiedRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** The client's own Accept-Encoding (before it was narrowed for Zoom). */
  acceptEncoding: string | undefined;
  client: ClientConfig;
  target: ScopeTarget;
  /** The scope of a restricted client is checked on this response (`host_id` at its top level). */
  checkByResponse: boolean;
}
