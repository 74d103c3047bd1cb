/**
 * Jobs hand work from a context-menu click to the extension window that shows it: "discover the
 * pointers in this text", "write a pointer into that field". A job lives in `storage.session`
 * (memory only), so it survives the worker stopping while the person unlocks, and it holds no
 * secret: pointers are public, and outcomes name saved messages by id, never by text.
 * @module
 */
import { bytesToHex } from './hex.ts';
import type { StorageArea } from './storage-area.ts';
import { arrayOf, boolean, type Checked, integer, nullable, object, oneOf, optional, recordOf, string } from './validate.ts';

/** A job is forgotten this long after it was made. */
export const JOB_TTL_MS = 60 * 60_000;
/** At most this many jobs are kept; the oldest go first. */
export const MAX_JOBS = 20;

const SESSION_KEY = 'jobs';

const outcome = object({
  /** The saved message (discovered now, or earlier: `duplicate`). */
  messageId: optional(integer(1, Number.MAX_SAFE_INTEGER)),
  duplicate: optional(boolean),
  /** Why it could not be discovered, in a sentence. */
  error: optional(string({ max: 2000 })),
  errorCode: optional(string({ max: 64 })),
});
export type JobOutcome = Checked<typeof outcome>;

const discoverJob = object({
  kind: oneOf('discover'),
  id: string({ min: 32, max: 32 }),
  createdAt: integer(0, Number.MAX_SAFE_INTEGER),
  source: oneOf('selection', 'page'),
  pageTitle: string({ max: 500 }),
  /** Pointers found, canonical (see lib/extract.ts). */
  pointers: arrayOf(string({ max: 200_000 }), 1000),
  unreadable: arrayOf(object({ reason: string({ max: 2000 }), excerpt: string({ max: 200 }) }), 1000),
  truncated: boolean,
  /** Why the text could not be read at all (a browser page, say), or null. */
  readError: nullable(string({ max: 2000 })),
  /** Pointer index → outcome, once discovered. */
  outcomes: recordOf(outcome, 1000),
});
export type DiscoverJob = Checked<typeof discoverJob>;

const composeJob = object({
  kind: oneOf('compose'),
  id: string({ min: 32, max: 32 }),
  createdAt: integer(0, Number.MAX_SAFE_INTEGER),
  tabId: integer(0, Number.MAX_SAFE_INTEGER),
  frameId: integer(0, Number.MAX_SAFE_INTEGER),
  pageTitle: string({ max: 500 }),
  /** Set once a pointer was written into the field, so it is not written twice. */
  done: boolean,
});
export type ComposeJob = Checked<typeof composeJob>;

export type Job = DiscoverJob | ComposeJob;

const jobs = recordOf((value, path) => ((value as { kind?: unknown }).kind === 'compose' ? composeJob(value, path) : discoverJob(value, path)), MAX_JOBS * 2);

/** A job that does not exist (any more), or is of another kind. */
export class JobNotFoundError extends Error {
  override readonly name = 'JobNotFoundError';
}

export class JobStore {
  private readonly area: StorageArea;
  private readonly now: () => number;
  private readonly random: (n: number) => Uint8Array;

  constructor(area: StorageArea, now: () => number = Date.now, random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))) {
    this.area = area;
    this.now = now;
    this.random = random;
  }

  private async read(): Promise<Record<string, Job>> {
    const { [SESSION_KEY]: raw } = await this.area.get([SESSION_KEY]);
    if (raw === undefined) return {};
    try {
      return jobs(raw, 'jobs');
    } catch {
      return {}; // damaged: start afresh rather than fail every menu click
    }
  }

  private async write(all: Record<string, Job>): Promise<void> {
    const live = Object.values(all)
      .filter((j) => this.now() - j.createdAt < JOB_TTL_MS)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, MAX_JOBS);
    await this.area.set({ [SESSION_KEY]: Object.fromEntries(live.map((j) => [j.id, j])) });
  }

  /** Stores a new job and returns it with its id (128 random bits: not guessable by a page). */
  async create<J extends Job>(job: Omit<J, 'id' | 'createdAt'>): Promise<J> {
    const full = { ...job, id: bytesToHex(this.random(16)), createdAt: this.now() } as J;
    await this.write({ ...(await this.read()), [full.id]: full });
    return full;
  }

  /** @throws {JobNotFoundError} */
  async get<K extends Job['kind']>(id: string, kind: K): Promise<Extract<Job, { kind: K }>> {
    const all = await this.read();
    const job = Object.hasOwn(all, id) ? all[id] : undefined;
    if (!job || job.kind !== kind || this.now() - job.createdAt >= JOB_TTL_MS) throw new JobNotFoundError(`no ${kind} job ${id}`);
    return job as Extract<Job, { kind: K }>;
  }

  async update(job: Job): Promise<void> {
    const all = await this.read();
    if (!Object.hasOwn(all, job.id)) throw new JobNotFoundError(`no job ${job.id}`);
    await this.write({ ...all, [job.id]: job });
  }
}
