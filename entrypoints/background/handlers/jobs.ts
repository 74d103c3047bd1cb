/** Requests of the context-menu windows: what a "discover" job found, and writing into a page. */
import { discoveryJobView } from '../../../lib/jobs/discovery-job.ts';
import type { JobStore } from '../../../lib/jobs/job-store.ts';
import type { Vault } from '../../../lib/vault/vault.ts';
import type { Handlers } from '../router.ts';

export interface JobDeps {
  readonly vault: Vault;
  readonly jobs: JobStore;
  readonly insertIntoTarget: (tabId: number, frameId: number, token: string, text: string) => Promise<'inserted' | 'changed'>;
}

const CHANGED = 'The field you chose is gone, or the page has changed since. The message is saved: copy its pointer and paste it yourself.';

export function jobHandlers(deps: JobDeps) {
  const { vault, jobs } = deps;
  return {
    getDiscoveryJob: async ({ jobId }) => discoveryJobView(await jobs.get(jobId, 'discover'), vault, jobs),

    async getComposeJob({ jobId }) {
      const found = await jobs.get(jobId, 'compose');
      const { state } = await vault.getStatus({});
      return { jobId, origin: found.origin, state, chats: state === 'unlocked' ? await vault.listChats({}) : [], used: found.used };
    },

    async writePointerIntoPage({ jobId, chatId, text }) {
      await jobs.get(jobId, 'compose');
      // Claimed before sending: a second click, or a second window, writes nothing and sends nothing.
      const claimed = await jobs.claimCompose(jobId);
      let sent;
      try {
        sent = await vault.sendMessage({ chatId, text });
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
  } satisfies Partial<Handlers>;
}
