import { describe, expect, it } from 'vitest';
import { type DiscoveryVault, discoveryJobView } from '../../lib/jobs/discovery-job.ts';
import { type DiscoverJob, JobStore } from '../../lib/jobs/job-store.ts';
import { MemoryStorageArea } from '../support/memory-stores.ts';
import type { DiscoveryResultView, LockState, MessageView } from '../../lib/wire/views.ts';

const message = (id: number, text: string): MessageView => ({
  id,
  chatId: '1',
  chatName: 'General',
  stranded: false,
  kind: 'received',
  sender: 'bob',
  text,
  epoch: 5,
  savedAt: 5,
  trashed: false,
  pointer: `p${id}`,
  format: 'clm',
  integrityProtected: false,
  openedWith: 'profile-phrase',
});

/** A vault that discovers "good…" pointers, refuses others, and forgets deleted ids. */
function fakeVault(state: { lock: LockState; deleted: Set<number>; batches: string[][] }): DiscoveryVault {
  return {
    getStatus: () => Promise.resolve({ state: state.lock, username: 'alice' }),
    discoverMany: (pointers) => {
      state.batches.push([...pointers]);
      return Promise.resolve(
        pointers.map((pointer, i): DiscoveryResultView =>
          pointer.startsWith('good') ? { pointer, status: 'discovered', message: message(i + 10, `text of ${pointer}`) } : { pointer, status: 'failed', error: 'no', pointerCode: 'not-for-this-phrase', unknownChatId: '77' },
        ),
      );
    },
    getMessage: ({ id }) => (state.deleted.has(id) ? Promise.reject(new Error('gone')) : Promise.resolve(message(id, `again ${id}`))),
  };
}

async function jobWith(jobs: JobStore, pointers: string[]): Promise<DiscoverJob> {
  return jobs.create<DiscoverJob>({ kind: 'discover', source: 'page', origin: 'https://x.example', pointers, unreadable: [], truncated: false, readError: null, outcomes: {} });
}

describe('a discovery window’s view of its job', () => {
  it('is pending while locked, discovers once after an unlock, then shows what was recorded', async () => {
    const jobs = new JobStore(new MemoryStorageArea());
    const state = { lock: 'locked' as LockState, deleted: new Set<number>(), batches: [] as string[][] };
    const vault = fakeVault(state);
    const job = await jobWith(jobs, ['good-1', 'bad-2', 'good-3']);
    expect((await discoveryJobView(job, vault, jobs)).results.map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
    expect(state.batches).toEqual([]);
    state.lock = 'unlocked';
    const first = await discoveryJobView(await jobs.get(job.id, 'discover'), vault, jobs);
    expect(first.results.map((r) => [r.status, r.message?.text ?? r.error])).toEqual([
      ['discovered', 'again 10'],
      ['failed', 'no'],
      ['discovered', 'again 12'],
    ]);
    expect(first.results[1]).toMatchObject({ pointerCode: 'not-for-this-phrase', unknownChatId: '77' });
    // Asked again (the window reloaded): nothing is discovered twice.
    state.deleted.add(12);
    const second = await discoveryJobView(await jobs.get(job.id, 'discover'), vault, jobs);
    expect(state.batches).toEqual([['good-1', 'bad-2', 'good-3']]);
    expect(second.results[2]).toMatchObject({ status: 'failed', error: 'The message was deleted since.' });
    expect(second.origin).toBe('https://x.example');
  });
});
