/** Requests of the context-menu windows: what a "discover" job found, and writing into a page. */
import { type JobOutcome, JobNotFoundError, type JobStore } from '../../../lib/jobs.ts';
import type { DiscoveryResultView } from '../../../lib/protocol.ts';
import { VaultError } from '../../../lib/vault/errors.ts';
import type { Vault } from '../../../lib/vault/vault.ts';
import type { Handlers } from '../router.ts';

export interface JobDeps {
  readonly vault: Vault;
  readonly jobs: JobStore;
  readonly insertAtCaret: (tabId: number, frameId: number, text: string) => Promise<'inserted' | 'no-field'>;
}

const EXPIRED = 'This window has expired. Use the menu on the page again.';

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
    async getDiscoveryJob({ jobId }) {
      const found = await job(jobs, jobId, 'discover');
      const { state } = await vault.status();
      if (state === 'unlocked') {
        // Discover what was not yet (the first time, or after an unlock): saved to history once.
        const outcomes: Record<string, JobOutcome> = { ...found.outcomes };
        let changed = false;
        for (const [i, pointer] of found.pointers.entries()) {
          if (Object.hasOwn(outcomes, String(i))) continue;
          try {
            const { message, duplicate } = await vault.discover({ pointer });
            outcomes[String(i)] = { messageId: message.id, duplicate };
          } catch (error) {
            if (!(error instanceof VaultError) || error.code === 'locked') throw error;
            outcomes[String(i)] = { error: error.message, ...(error.pointerCode && { errorCode: error.pointerCode }) };
          }
          changed = true;
        }
        if (changed) await jobs.update({ ...found, outcomes });
        found.outcomes = outcomes;
      }
      const results: DiscoveryResultView[] = [];
      for (const [i, pointer] of found.pointers.entries()) {
        const outcome = Object.hasOwn(found.outcomes, String(i)) ? found.outcomes[String(i)] : undefined;
        if (!outcome || state !== 'unlocked') {
          results.push({ pointer, status: 'pending' });
        } else if (outcome.messageId !== undefined) {
          try {
            const message = await vault.getMessage({ id: outcome.messageId });
            results.push({ pointer, status: outcome.duplicate ? 'duplicate' : 'discovered', message });
          } catch {
            results.push({ pointer, status: 'failed', error: 'The message was deleted since.' });
          }
        } else {
          results.push({ pointer, status: 'failed', error: outcome.error ?? 'It could not be discovered.', ...(outcome.errorCode && { pointerCode: outcome.errorCode }) });
        }
      }
      return {
        jobId,
        source: found.source,
        pageTitle: found.pageTitle,
        state,
        results,
        unreadable: found.unreadable,
        truncated: found.truncated,
        readError: found.readError,
      };
    },

    async getComposeJob({ jobId }) {
      const found = await job(jobs, jobId, 'compose');
      const { state } = await vault.status();
      return { jobId, pageTitle: found.pageTitle, state, chats: state === 'unlocked' ? await vault.listChats() : [] };
    },

    async writePointerIntoPage({ jobId, chatId, text }) {
      const found = await job(jobs, jobId, 'compose');
      const { message, pointer } = await vault.send({ chatId, text });
      let problem: string | null = null;
      try {
        const result = await deps.insertAtCaret(found.tabId, found.frameId, pointer);
        if (result === 'no-field') problem = 'The field on the page is no longer focused. The message is saved; copy its pointer and paste it yourself.';
      } catch {
        problem = 'The page was closed or has changed. The message is saved; copy its pointer and paste it yourself.';
      }
      if (problem === null) await jobs.update({ ...found, done: true });
      return { pointer, message, inserted: problem === null, problem };
    },
  };
}
