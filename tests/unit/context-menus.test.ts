import { describe, expect, it } from 'vitest';
import { COMMAND_IDS, handleCommand } from '../../entrypoints/background/commands.ts';
import { handleMenuClick, MENU_IDS, type MenuDeps } from '../../entrypoints/background/context-menus.ts';
import { createPointer } from '../../lib/clm/format.ts';
import { type ComposeJob, JobNotFoundError, JobStore } from '../../lib/jobs/job-store.ts';
import { MemoryStorageArea } from '../support/memory-stores.ts';

const P = createPointer({ phrase: 'p', username: 'a', chatId: '1', seedSuffix: 'general', epoch: 5, text: 'hi' });

function deps(overrides: Partial<MenuDeps> = {}) {
  const opened: string[] = [];
  const marked: [number, number, string][] = [];
  const jobs = new JobStore(new MemoryStorageArea());
  const d: MenuDeps = {
    jobs,
    readSelection: () => Promise.reject(new Error('no access')),
    readVisibleText: () => Promise.reject(new Error('no access')),
    openWindow: (path) => {
      opened.push(path);
      return Promise.resolve();
    },
    markComposeTarget: (tab, frame, token) => {
      marked.push([tab, frame, token]);
      return Promise.resolve(true);
    },
    pause: () => Promise.resolve(),
    ...overrides,
  };
  return { d, opened, jobs, marked };
}

const jobIdOf = (path: string | undefined) => new URLSearchParams(path?.split('?')[1]).get('job') ?? '';

describe('context menu actions', () => {
  it('"Discover message" reads the page’s own selection, falling back to the menu’s copy', async () => {
    const { d, opened, jobs } = deps({ readSelection: () => Promise.resolve(`look: ${P.replace(/"/g, '“')}`) });
    await handleMenuClick(d, { menuItemId: MENU_IDS.discoverSelection, selectionText: 'shortened…', pageUrl: 'https://forum.example/t/1?x=secret' }, { id: 3 });
    expect(opened[0]).toMatch(/^\/discover\.html\?job=[0-9a-f]{32}$/);
    // Only the origin is kept: never the title, the path or the query a page chooses.
    expect(await jobs.get(jobIdOf(opened[0]), 'discover')).toMatchObject({ source: 'selection', origin: 'https://forum.example', pointers: [P], unreadable: [], readError: null });
    const fallback = deps();
    await handleMenuClick(fallback.d, { menuItemId: MENU_IDS.discoverSelection, selectionText: P }, { id: 3 });
    expect((await fallback.jobs.get(jobIdOf(fallback.opened[0]), 'discover')).pointers).toEqual([P]);
  });

  it('"Find pointers on this page" reads the visible text once (bounded), or says why it cannot', async () => {
    const asked: number[] = [];
    const { d, opened, jobs } = deps({
      readVisibleText: (tab, frame, max) => {
        asked.push(max);
        return Promise.resolve(tab === 7 && frame === 2 ? `a ${P} b` : '');
      },
    });
    await handleMenuClick(d, { menuItemId: MENU_IDS.findOnPage, frameId: 2, frameUrl: 'https://frame.example/x' }, { id: 7 });
    expect(await jobs.get(jobIdOf(opened[0]), 'discover')).toMatchObject({ pointers: [P], origin: 'https://frame.example' });
    expect(asked).toEqual([2_000_000]);
    const refused = deps();
    await handleMenuClick(refused.d, { menuItemId: MENU_IDS.findOnPage }, { id: 7 });
    expect((await refused.jobs.get(jobIdOf(refused.opened[0]), 'discover')).readError).toMatch(/cannot be read by extensions/);
  });

  it('"Write a pointer here" writes down the clicked field under a token, before the window opens', async () => {
    const { d, opened, jobs, marked } = deps();
    await handleMenuClick(d, { menuItemId: MENU_IDS.writeHere, frameId: 4, pageUrl: 'https://mail.example/compose' }, { id: 9 });
    expect(opened[0]).toMatch(/^\/compose\.html\?job=/);
    const job = await jobs.get(jobIdOf(opened[0]), 'compose');
    expect(job).toMatchObject({ tabId: 9, frameId: 4, origin: 'https://mail.example', used: false });
    expect(marked).toEqual([[9, 4, job.target]]);
    expect(job.target).toMatch(/^[0-9a-f]{32}$/);
  });

  it('ignores other menu ids', async () => {
    const { d, opened } = deps();
    await handleMenuClick(d, { menuItemId: 'something-else' }, { id: 1 });
    expect(opened).toEqual([]);
  });
});

describe('keyboard shortcuts', () => {
  it('"discover-selection" reads the selection of the tab it was pressed in, as the menu item does', async () => {
    const read: [number, number][] = [];
    const { d, opened, jobs } = deps({
      readSelection: (tab, frame) => {
        read.push([tab, frame]);
        return Promise.resolve(`see ${P}`);
      },
    });
    await handleCommand(d, COMMAND_IDS.discoverSelection, { id: 5, url: 'https://chat.example/room?token=x' });
    expect(read).toEqual([[5, 0]]);
    expect(await jobs.get(jobIdOf(opened[0]), 'discover')).toMatchObject({ source: 'selection', origin: 'https://chat.example', pointers: [P] });
  });

  it('does nothing for another name, or without a tab', async () => {
    const { d, opened } = deps({ readSelection: () => Promise.resolve(P) });
    await handleCommand(d, '_execute_action', { id: 5 });
    await handleCommand(d, COMMAND_IDS.discoverSelection, undefined);
    expect(opened).toEqual([]);
  });
});

describe('JobStore', () => {
  const compose = (tabId: number): Omit<ComposeJob, 'id' | 'createdAt'> => ({ kind: 'compose', tabId, frameId: 0, origin: 'https://x.example', target: 'a'.repeat(32), used: false });

  it('forgets jobs after an hour, keeps at most 20, and tells kinds apart', async () => {
    let now = 0;
    const store = new JobStore(new MemoryStorageArea(), () => now);
    const first = await store.create<ComposeJob>(compose(1));
    await expect(store.get(first.id, 'discover')).rejects.toThrow(/expired/);
    now = 60 * 60_000;
    await expect(store.get(first.id, 'compose')).rejects.toThrow();
    const ids = [];
    for (let i = 0; i < 25; i++) {
      now += 1;
      ids.push((await store.create<ComposeJob>(compose(i))).id);
    }
    await expect(store.get(ids[0] ?? '', 'compose')).rejects.toThrow();
    await expect(store.get(ids[24] ?? '', 'compose')).resolves.toMatchObject({ tabId: 24 });
  });

  it('lets a compose job be claimed once, even by two claims at the same time', async () => {
    const store = new JobStore(new MemoryStorageArea());
    const job = await store.create<ComposeJob>(compose(1));
    const claims = await Promise.allSettled([store.claimCompose(job.id), store.claimCompose(job.id)]);
    expect(claims.map((c) => c.status)).toEqual(['fulfilled', 'rejected']);
    expect((claims[1] as PromiseRejectedResult).reason).toBeInstanceOf(JobNotFoundError);
    await store.releaseCompose(job.id);
    await expect(store.claimCompose(job.id)).resolves.toMatchObject({ used: true });
  });
});
