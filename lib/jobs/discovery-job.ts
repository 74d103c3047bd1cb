/**
 * What a "discover" window shows: the pointers a menu click found, each discovered once (the
 * first time the window asks while unlocked, or after the person unlocks in it), then shown
 * from the outcomes recorded in the job. Pure: the vault and the job store are passed in.
 * @module
 */
import { type DiscoverJob, type JobOutcome, type JobStore } from './job-store.ts';
import type { DiscoveryJobView, DiscoveryResultView, MessageView, StatusView } from '../wire/views.ts';
import { POINTER_ERROR_CODES, type PointerErrorCode } from '../clm/errors.ts';

export interface DiscoveryVault {
  getStatus(input: Record<string, never>): Promise<StatusView>;
  /** One pass, one write; each pointer its own result (see the vault's discoverMany). */
  discoverMany(pointers: readonly string[]): Promise<DiscoveryResultView[]>;
  getMessage(input: { id: number }): Promise<MessageView>;
}

const asPointerCode = (code: string | undefined): PointerErrorCode | undefined =>
  POINTER_ERROR_CODES.find((c) => c === code);

function outcomeOf(result: DiscoveryResultView): JobOutcome {
  if (result.message) return { messageId: result.message.id, duplicate: result.status === 'duplicate' };
  return {
    error: result.error ?? 'It could not be discovered.',
    ...(result.pointerCode !== undefined && { errorCode: result.pointerCode }),
    ...(result.unknownChatId !== undefined && { unknownChatId: result.unknownChatId }),
  };
}

/** The results window's view of `job`, discovering (and recording) what was not yet. */
export async function discoveryJobView(job: DiscoverJob, vault: DiscoveryVault, jobs: JobStore): Promise<DiscoveryJobView> {
  const { state } = await vault.getStatus({});
  let current = job;
  if (state === 'unlocked') {
    const todo = job.pointers.map((pointer, i) => ({ pointer, i })).filter(({ i }) => !Object.hasOwn(job.outcomes, String(i)));
    if (todo.length > 0) {
      const results = await vault.discoverMany(todo.map((t) => t.pointer));
      const outcomes: Record<string, JobOutcome> = {};
      results.forEach((result, n) => {
        const t = todo.at(n);
        if (t) outcomes[String(t.i)] = outcomeOf(result);
      });
      current = await jobs.recordOutcomes(job.id, outcomes);
    }
  }
  const results: DiscoveryResultView[] = [];
  for (const [i, pointer] of current.pointers.entries()) {
    const outcome = Object.hasOwn(current.outcomes, String(i)) ? current.outcomes[String(i)] : undefined;
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
      const pointerCode = asPointerCode(outcome.errorCode);
      results.push({
        pointer,
        status: 'failed',
        error: outcome.error ?? 'It could not be discovered.',
        ...(pointerCode !== undefined && { pointerCode }),
        ...(outcome.unknownChatId !== undefined && { unknownChatId: outcome.unknownChatId }),
      });
    }
  }
  return {
    jobId: current.id,
    source: current.source,
    origin: current.origin,
    state,
    results,
    unreadable: current.unreadable,
    truncated: current.truncated,
    readError: current.readError,
  };
}
