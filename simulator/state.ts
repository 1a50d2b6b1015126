/**
 * What one simulated Zoom account holds: users, meetings and webinars, recordings and their files.
 * Records are live objects: the API's PATCH and a test's direct edit are both seen at once. Ids and
 * emails are unique across the simulator's accounts (its `peers`), as Zoom's are, so looking up
 * another account's object by id is a real miss.
 */
import type {
  AddMeetingInput,
  AddRecordingInput,
  AddUserInput,
  AddWebinarInput,
  SimMeeting,
  SimRecording,
  SimRecordingFile,
  SimUser,
} from './types.js';
import { randomDigits, randomMeetingUuid, randomToken, randomUserId } from './ids.js';

export interface UserRec extends SimUser {
  createdAt: number;
}

export interface MeetingRec extends SimMeeting {
  kind: 'meeting' | 'webinar';
  startTime: number;
  durationMinutes: number;
  agenda: string;
  password: string;
  /** What Zoom puts in `join_url`'s `pwd`. */
  encryptedPassword: string;
  createdAt: number;
}

export interface FileRec extends SimRecordingFile {
  meetingId: number;
  recordingUuid: string;
  /** CC and TIMELINE files are listed without `id` and `file_size`, as Zoom does. */
  listedWithId: boolean;
  /** Bumped by `faults.changeFile`: new bytes, ETag and Last-Modified. */
  version: number;
  modifiedAt: number;
}

export interface RecordingRec extends SimRecording {
  files: FileRec[];
  startTime: number;
  endTime: number;
  shareId: string;
}

const EXTENSIONS: Record<string, string> = {
  MP4: 'MP4', M4A: 'M4A', TRANSCRIPT: 'VTT', CC: 'VTT', CHAT: 'TXT', TIMELINE: 'JSON', CSV: 'CSV', SUMMARY: 'JSON',
};
const DEFAULT_SIZES: Record<string, number> = {
  MP4: 2 * 1024 * 1024, M4A: 512 * 1024, TRANSCRIPT: 4096, CC: 4096, CHAT: 1024, TIMELINE: 2048,
};
const WITHOUT_ID = new Set(['CC', 'TIMELINE']);

export class SimState {
  readonly users: UserRec[] = [];
  readonly meetings = new Map<number, MeetingRec>();
  readonly recordings: RecordingRec[] = [];
  readonly files = new Map<string, FileRec>();
  /** Meeting creates and updates per `userId:utc-day`, for Zoom's 100-a-day cap. */
  readonly dailyMeetingWrites = new Map<string, number>();
  #pathTokens = 0;

  /** `peers`: every account's state, this one included once constructed (shared by all of them). */
  constructor(
    private readonly clock: () => number,
    private readonly peers: SimState[] = [],
  ) {
    peers.push(this);
  }

  /** By id or email (case-insensitive), or `me`: the first user, as for an account-level app. */
  user(idOrEmail: string): UserRec | undefined {
    if (idOrEmail === 'me') return this.users[0];
    return this.#find(idOrEmail);
  }

  #find(idOrEmail: string): UserRec | undefined {
    const lower = idOrEmail.toLowerCase();
    return this.users.find((u) => u.id === idOrEmail || u.email.toLowerCase() === lower);
  }

  addUser(input: AddUserInput): UserRec {
    const id = input.id ?? randomUserId();
    if (this.peers.some((s) => s.#find(id) || s.#find(input.email))) throw new Error(`simulator: user ${input.email} already exists`);
    const user: UserRec = {
      id,
      email: input.email,
      firstName: input.firstName ?? input.email.split('@')[0] ?? '',
      lastName: input.lastName ?? '',
      pmi: input.pmi ?? this.#freeMeetingId(10),
      createdAt: this.clock(),
    };
    this.users.push(user);
    return user;
  }

  /** Numeric id or its decimal string; webinars included (the routes tell them apart by `kind`). */
  meeting(id: number | string): MeetingRec | undefined {
    const n = typeof id === 'number' ? id : /^\d+$/.test(id) ? Number(id) : NaN;
    return this.meetings.get(n);
  }

  addMeeting(input: AddMeetingInput): MeetingRec {
    return this.#add('meeting', input, input.type ?? 2);
  }

  addWebinar(input: AddWebinarInput): MeetingRec {
    return this.#add('webinar', input, input.type ?? 5);
  }

  #add(kind: MeetingRec['kind'], input: AddMeetingInput | AddWebinarInput, type: number): MeetingRec {
    const host = this.user(input.hostId);
    if (!host) throw new Error(`simulator: no user ${input.hostId} to host a ${kind}`);
    // A personal meeting ID meeting is reached by the host's PMI.
    const id = input.id ?? (type === 4 ? host.pmi : this.#freeMeetingId(11));
    if (this.peers.some((s) => s.meetings.has(id))) throw new Error(`simulator: meeting ${id} already exists`);
    const now = this.clock();
    const meeting: MeetingRec = {
      id,
      uuid: input.uuid ?? randomMeetingUuid(),
      hostId: host.id,
      type,
      topic: input.topic ?? `${host.firstName}'s ${kind === 'webinar' ? 'Webinar' : 'Meeting'}`,
      alternativeHosts: [...(input.alternativeHosts ?? [])],
      startUrlZak: input.startUrlZak ?? 'fresh',
      kind,
      startTime: input.startTime ?? now + 3_600_000,
      durationMinutes: 60,
      agenda: '',
      password: String(randomDigits(6)),
      encryptedPassword: randomToken(24),
      createdAt: now,
    };
    this.meetings.set(id, meeting);
    return meeting;
  }

  deleteMeeting(id: number): void {
    this.meetings.delete(id);
  }

  addRecording(input: AddRecordingInput): RecordingRec {
    const meeting = this.meeting(input.meetingId);
    if (!meeting) throw new Error(`simulator: no meeting ${input.meetingId} to record`);
    const first = !this.recordings.some((r) => r.meetingId === meeting.id);
    const uuid = input.uuid ?? (first ? meeting.uuid : randomMeetingUuid());
    if (this.peers.some((s) => s.recordingByUuid(uuid))) throw new Error(`simulator: recording ${uuid} already exists`);
    // An hour ago, but never before today (UTC): the recordings list shows today's by default, and a
    // test or demo that adds a recording just after midnight still finds it there.
    const now = this.clock();
    const startTime = input.startTime ?? Math.max(now - 3_600_000, now - (now % 86_400_000));
    const files = input.files.map((f): FileRec => {
      const fileType = f.fileType.toUpperCase();
      const listedWithId = !WITHOUT_ID.has(fileType);
      // Zoom's download_url of an id-less file still needs a path token; `cc-<n>` is ours.
      const id = f.id ?? (listedWithId ? randomToken(27) : this.#pathToken(fileType));
      if (this.#fileTaken(id)) throw new Error(`simulator: file ${id} already exists`);
      return {
        id,
        fileType,
        size: f.size ?? DEFAULT_SIZES[fileType] ?? 65_536,
        extension: (f.extension ?? EXTENSIONS[fileType] ?? fileType).toUpperCase(),
        meetingId: meeting.id,
        recordingUuid: uuid,
        listedWithId,
        version: 1,
        modifiedAt: startTime + 3_600_000,
        ...(f.participant === undefined ? {} : { participant: f.participant }),
      };
    });
    for (const f of files) this.files.set(f.id, f);
    const recording: RecordingRec = {
      meetingId: meeting.id, uuid, files, startTime, endTime: startTime + 3_600_000, shareId: randomToken(24),
    };
    this.recordings.push(recording);
    return recording;
  }

  recordingByUuid(uuid: string): RecordingRec | undefined {
    return this.recordings.find((r) => r.uuid === uuid);
  }

  /** The latest instance's recording, as Zoom answers for a numeric meeting id. */
  latestRecording(meetingId: number): RecordingRec | undefined {
    return this.recordings.filter((r) => r.meetingId === meetingId).sort((a, b) => b.startTime - a.startTime)[0];
  }

  /** New bytes for the file; Last-Modified moves by at least a second so the HTTP date changes too. */
  changeFile(id: string): void {
    const file = this.files.get(id);
    if (!file) throw new Error(`simulator: no file ${id}`);
    file.version += 1;
    file.modifiedAt = Math.max(this.clock(), file.modifiedAt + 1000);
  }

  #fileTaken(id: string): boolean {
    return this.peers.some((s) => s.files.has(id));
  }

  #pathToken(fileType: string): string {
    let id: string;
    do id = `${fileType.toLowerCase()}-${++this.#pathTokens}`; while (this.#fileTaken(id));
    return id;
  }

  #freeMeetingId(digits: number): number {
    for (;;) {
      const id = randomDigits(digits);
      if (!this.peers.some((s) => s.meetings.has(id) || s.users.some((u) => u.pmi === id))) return id;
    }
  }
}
