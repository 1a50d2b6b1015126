import { ZoomApiError } from '../errors.js';
import type { ZoomClient, ZoomMeeting } from './zoom-client.js';

/**
 * A meeting, or else the webinar of that id: Zoom knows a webinar under `/webinars` only, and a
 * webinar's start_url is rewritten into a start link too. When neither exists, the meeting's 404 is
 * the error (a webinar's other failures are its own).
 */
export function getMeetingOrWebinar(zoom: Pick<ZoomClient, 'getMeeting' | 'getWebinar'>, id: string): Promise<ZoomMeeting> {
  return zoom.getMeeting(id).catch((err: unknown) => {
    if (!(err instanceof ZoomApiError && err.status === 404)) throw err;
    return zoom.getWebinar(id).catch((webinarErr: unknown) => {
      throw webinarErr instanceof ZoomApiError && webinarErr.status === 404 ? err : webinarErr;
    });
  });
}
