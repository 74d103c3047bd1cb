/** Requests of the context-menu windows: what a "discover" job found, and writing into a page. */
import { discoveryJobView } from '../../../lib/jobs/discovery-job.ts';
import { JobNotFoundError, type JobStore } from '../../../lib/jobs/job-store.ts';
import { VaultError } from '../../../lib/vault/errors.ts';
import type { Vault } from '../../../lib/vault/vault.ts';
import type { Handlers } from '../router.ts';

export interface JobDeps {
  readonly vault: Vault;
  readonly jobs: JobStore;
  readonly insertIntoTarget: (tabId: number, frameId: number, token: string, text: string) => Promise<'inserted' | 'changed'>;
}

const EXPIRED = 'This window has expired. Use the menu on the page again.';
const USED = 'This window has written its pointer already. Use the menu on the page again to write another.';
const CHANGED = 'The field you chose is gone, or the page has changed since. The message is saved: copy its pointer and paste it yourself.';

async function job<K extends 'discover' | 'compose'>(jobs: JobStore, id: string, kind: K) {
  try {
    return await jobs.get(id, kind);
  } catch (error) {
    if (error instanceof JobNotFoundError) throw new VaultError('not-found', EXPIRED);
    throw error;
  }
}

export function jobHandlers(deps: JobDeps): Pick<Handlers, 'getDiscoveryJob' | 'getComposeJob' | 'writePointerIntoPage'> {
  const { vault, jobs } = deps;
  return {
    getDiscoveryJob: async ({ jobId }) => discoveryJobView(await job(jobs, jobId, 'discover'), vault, jobs),

    async getComposeJob({ jobId }) {
      const found = await job(jobs, jobId, 'compose');
      const { state } = await vault.status();
      return { jobId, origin: found.origin, state, chats: state === 'unlocked' ? await vault.listChats() : [], used: found.used };
    },

    async writePointerIntoPage({ jobId, chatId, text }) {
      await job(jobs, jobId, 'compose');
      // Claimed before sending: a second click, or a second window, writes nothing and sends nothing.
      let claimed;
      try {
        claimed = await jobs.claimCompose(jobId);
      } catch (error) {
        if (error instanceof JobNotFoundError) throw new VaultError('not-found', USED);
        throw error;
      }
      let sent;
      try {
        sent = await vault.send({ chatId, text });
      } catch (error) {
        await jobs.releaseCompose(jobId);
        throw error;
      }
      const { message, pointer } = sent;
      let problem: string | null = null;
      try {
        if ((await deps.insertIntoTarget(claimed.tabId, claimed.frameId, claimed.target, pointer)) === 'changed') problem = CHANGED;
      } catch {
        problem = 'The page was closed or has changed. The message is saved: copy its pointer and paste it yourself.';
      }
      return { pointer, message, inserted: problem === null, problem };
    },
  };
}
