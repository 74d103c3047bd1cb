/**
 * Jobs hand work from a context-menu click to the extension window that shows it: "discover the
 * pointers in this text", "write a pointer into that field". A job lives in `storage.session`
 * (memory only), so it survives the worker stopping while the person unlocks, and it holds no
 * secret: pointers are public, and outcomes name saved messages by id, never by text. Every
 * read-modify-write of the jobs goes through one queue, so two windows cannot both claim a job.
 * @module
 */
import { bytesToHex } from '../encoding/hex.ts';
import type { StorageArea } from '../storage/area.ts';
import { arrayOf, boolean, type Checked, integer, nullable, object, oneOf, optional, recordOf, string } from '../wire/validate.ts';
import { SerialQueue } from '../storage/serial-queue.ts';
import { LibError } from '../errors.ts';

/** A job is forgotten this long after it was made. */
export const JOB_TTL_MS = 60 * 60_000;
/** At most this many jobs are kept; the oldest go first. */
export const MAX_JOBS = 20;

const SESSION_KEY = 'jobs';
const origin = string({ max: 300 });

const outcome = object({
  /** The saved message (discovered now, or earlier: `duplicate`). */
  messageId: optional(integer(1, Number.MAX_SAFE_INTEGER)),
  duplicate: optional(boolean),
  /** Why it could not be discovered, in a sentence. */
  error: optional(string({ max: 2000 })),
  errorCode: optional(string({ max: 64 })),
  unknownChatId: optional(string({ max: 256 })),
});
export type JobOutcome = Checked<typeof outcome>;

const discoverJob = object({
  kind: oneOf('discover'),
  id: string({ min: 32, max: 32 }),
  createdAt: integer(0, Number.MAX_SAFE_INTEGER),
  source: oneOf('selection', 'page'),
  /** The page's origin (`https://host`), shown labelled as such; never its title. */
  origin,
  /** Pointers found, canonical (see lib/text/extract.ts). */
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
  origin,
  /**
   * Names the field that was right-clicked, in that document only: the page script that wrote
   * it down keeps it in the extension's isolated world, where the page cannot see or change it.
   */
  target: string({ min: 32, max: 32 }),
  /** Set when a pointer is written (or about to be): a job writes at most once. */
  used: boolean,
});
export type ComposeJob = Checked<typeof composeJob>;

export type Job = DiscoverJob | ComposeJob;

const jobs = recordOf((value, path) => ((value as { kind?: unknown }).kind === 'compose' ? composeJob(value, path) : discoverJob(value, path)), MAX_JOBS * 2);

/**
 * A job that does not exist (any more), or is of another kind, or was used. Its message is the
 * sentence the window shows; its code is the wire's `not-found`.
 */
export class JobNotFoundError extends LibError<'not-found'> {
  override readonly name = 'JobNotFoundError';
  constructor(message: string) {
    super('not-found', message);
  }
}

const EXPIRED = 'This window has expired. Use the menu on the page again.';
const USED = 'This window has written its pointer already. Use the menu on the page again to write another.';

export class JobStore {
  private readonly area: StorageArea;
  private readonly now: () => number;
  private readonly random: (n: number) => Uint8Array;
  private readonly queue = new SerialQueue();

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

  /** 128 random bits, as hex: not guessable by a page. */
  newToken(): string {
    return bytesToHex(this.random(16));
  }

  /** Stores a new job and returns it with its id. */
  create<J extends Job>(job: Omit<J, 'id' | 'createdAt'>): Promise<J> {
    return this.queue.run(async () => {
      const full = { ...job, id: this.newToken(), createdAt: this.now() } as J;
      await this.write({ ...(await this.read()), [full.id]: full });
      return full;
    });
  }

  private async find<K extends Job['kind']>(id: string, kind: K): Promise<Extract<Job, { kind: K }>> {
    const all = await this.read();
    const job = Object.hasOwn(all, id) ? all[id] : undefined;
    if (!job || job.kind !== kind || this.now() - job.createdAt >= JOB_TTL_MS) throw new JobNotFoundError(EXPIRED);
    return job as Extract<Job, { kind: K }>;
  }

  /** @throws {JobNotFoundError} */
  get<K extends Job['kind']>(id: string, kind: K): Promise<Extract<Job, { kind: K }>> {
    return this.queue.run(() => this.find(id, kind));
  }

  /** Records what a discover job's pointers became (merged with what is there). */
  recordOutcomes(id: string, outcomes: Readonly<Record<string, JobOutcome>>): Promise<DiscoverJob> {
    return this.queue.run(async () => {
      const job = await this.find(id, 'discover');
      const next = { ...job, outcomes: { ...job.outcomes, ...outcomes } };
      await this.write({ ...(await this.read()), [id]: next });
      return next;
    });
  }

  /**
   * Marks a compose job used and returns it — once: a second claim (a second click, a second
   * window) is refused, so one job never writes twice.
   * @throws {JobNotFoundError} also when the job was used already
   */
  claimCompose(id: string): Promise<ComposeJob> {
    return this.queue.run(async () => {
      const job = await this.find(id, 'compose');
      if (job.used) throw new JobNotFoundError(USED);
      const used = { ...job, used: true };
      await this.write({ ...(await this.read()), [id]: used });
      return used;
    });
  }

  /** Gives a claimed compose job back (its send failed: nothing was written). */
  releaseCompose(id: string): Promise<void> {
    return this.queue.run(async () => {
      const job = await this.find(id, 'compose');
      await this.write({ ...(await this.read()), [id]: { ...job, used: false } });
    });
  }
}
