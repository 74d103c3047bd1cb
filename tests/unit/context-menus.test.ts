import { describe, expect, it } from 'vitest';
import { handleMenuClick, MENU_IDS, type MenuDeps } from '../../entrypoints/background/context-menus.ts';
import { createPointer } from '../../lib/clm.ts';
import { type ComposeJob, JobStore } from '../../lib/jobs.ts';
import { MemoryStorageArea } from '../../lib/storage-area.ts';

const P = createPointer({ phrase: 'p', username: 'a', chatId: '1', seedSuffix: 'general', epoch: 5, text: 'hi' });

function deps(overrides: Partial<MenuDeps> = {}) {
  const opened: string[] = [];
  const jobs = new JobStore(new MemoryStorageArea());
  const d: MenuDeps = {
    jobs,
    readSelection: () => Promise.reject(new Error('no access')),
    readVisibleText: () => Promise.reject(new Error('no access')),
    openWindow: (path) => {
      opened.push(path);
      return Promise.resolve();
    },
    ...overrides,
  };
  return { d, opened, jobs };
}

const jobIdOf = (path: string | undefined) => new URLSearchParams(path?.split('?')[1]).get('job') ?? '';

describe('context menu actions', () => {
  it('"Discover message" reads the page’s own selection, falling back to the menu’s copy', async () => {
    const { d, opened, jobs } = deps({ readSelection: () => Promise.resolve(`look: ${P.replace(/"/g, '“')}`) });
    await handleMenuClick(d, { menuItemId: MENU_IDS.discoverSelection, selectionText: 'shortened…' }, { id: 3, title: 'Forum' });
    expect(opened[0]).toMatch(/^\/discover\.html\?job=[0-9a-f]{32}$/);
    const job = await jobs.get(jobIdOf(opened[0]), 'discover');
    expect(job).toMatchObject({ source: 'selection', pageTitle: 'Forum', pointers: [P], unreadable: [], readError: null });

    const fallback = deps();
    await handleMenuClick(fallback.d, { menuItemId: MENU_IDS.discoverSelection, selectionText: P }, { id: 3 });
    expect((await fallback.jobs.get(jobIdOf(fallback.opened[0]), 'discover')).pointers).toEqual([P]);
  });

  it('"Find pointers on this page" reads the visible text once, or says why it cannot', async () => {
    const { d, opened, jobs } = deps({ readVisibleText: (tab, frame) => Promise.resolve(tab === 7 && frame === 2 ? `a ${P} b` : '') });
    await handleMenuClick(d, { menuItemId: MENU_IDS.findOnPage, frameId: 2 }, { id: 7, title: 'Page' });
    expect((await jobs.get(jobIdOf(opened[0]), 'discover')).pointers).toEqual([P]);

    const refused = deps();
    await handleMenuClick(refused.d, { menuItemId: MENU_IDS.findOnPage }, { id: 7 });
    expect((await refused.jobs.get(jobIdOf(refused.opened[0]), 'discover')).readError).toMatch(/cannot be read by extensions/);
  });

  it('"Write a pointer here" remembers the tab and frame for the compose window', async () => {
    const { d, opened, jobs } = deps();
    await handleMenuClick(d, { menuItemId: MENU_IDS.writeHere, frameId: 4 }, { id: 9, title: 'Mail' });
    expect(opened[0]).toMatch(/^\/compose\.html\?job=/);
    expect(await jobs.get(jobIdOf(opened[0]), 'compose')).toMatchObject({ tabId: 9, frameId: 4, pageTitle: 'Mail' });
  });

  it('ignores other menu ids', async () => {
    const { d, opened } = deps();
    await handleMenuClick(d, { menuItemId: 'something-else' }, { id: 1 });
    expect(opened).toEqual([]);
  });
});

describe('JobStore', () => {
  it('forgets jobs after an hour, keeps at most 20, and tells kinds apart', async () => {
    let now = 0;
    const store = new JobStore(new MemoryStorageArea(), () => now);
    const first = await store.create<ComposeJob>({ kind: 'compose', tabId: 1, frameId: 0, pageTitle: '', done: false });
    await expect(store.get(first.id, 'discover')).rejects.toThrow(/no discover job/);
    now = 60 * 60_000;
    await expect(store.get(first.id, 'compose')).rejects.toThrow();
    const ids = [];
    for (let i = 0; i < 25; i++) {
      now += 1;
      ids.push((await store.create<ComposeJob>({ kind: 'compose', tabId: i, frameId: 0, pageTitle: '', done: false })).id);
    }
    await expect(store.get(ids[0] ?? '', 'compose')).rejects.toThrow();
    await expect(store.get(ids[24] ?? '', 'compose')).resolves.toMatchObject({ tabId: 24 });
  });
});
