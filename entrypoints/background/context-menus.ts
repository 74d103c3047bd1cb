/**
 * The three context-menu actions: "Discover message" on a selection, "Find pointers on this
 * page", "Write a pointer here" in a field. A click only records a job and opens an extension
 * window; everything a person reads happens there, never in the page.
 */
import { extractPointersInSteps, MAX_EXTRACT_CHARS } from '../../lib/extract.ts';
import type { ComposeJob, DiscoverJob, JobStore } from '../../lib/jobs.ts';
import type { MenuClick, MenuItem, MenuTab } from '../../platform/menus.ts';

export const MENU_IDS = {
  discoverSelection: 'clm-discover-selection',
  findOnPage: 'clm-find-on-page',
  writeHere: 'clm-write-here',
} as const;

export const MENU_ITEMS: readonly MenuItem[] = [
  { id: MENU_IDS.discoverSelection, title: 'Discover message', contexts: ['selection'] },
  { id: MENU_IDS.findOnPage, title: 'Find pointers on this page', contexts: ['page'] },
  { id: MENU_IDS.writeHere, title: 'Write a pointer here', contexts: ['editable'] },
];

export interface MenuDeps {
  readonly jobs: JobStore;
  /** Read at most `maxChars` + 1 characters (one more says that there was more). */
  readonly readSelection: (tabId: number, frameId: number, maxChars: number) => Promise<string>;
  readonly readVisibleText: (tabId: number, frameId: number, maxChars: number) => Promise<string>;
  readonly openWindow: (path: `/${string}.html?${string}`) => Promise<void>;
}

const UNREADABLE_PAGE =
  'This page cannot be read by extensions (a browser page, the web store, or a page that closed). Select the pointer and use "Discover message" instead.';

/**
 * Lets other work run between steps of reading a long page: a Lock, an alarm or another page's
 * request is answered within milliseconds even while a hostile page's text is being read.
 */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function discoverJob(deps: MenuDeps, source: 'selection' | 'page', text: string, tab: MenuTab | undefined, readError: string | null) {
  const { found, unreadable, truncated } = await extractPointersInSteps(text, nextTask);
  return deps.jobs.create<DiscoverJob>({
    kind: 'discover',
    source,
    pageTitle: (tab?.title ?? '').slice(0, 500),
    pointers: found.map((f) => f.pointer),
    unreadable: unreadable.slice(0, 1000),
    truncated,
    readError,
    outcomes: {},
  });
}

/** Handles a click on one of our menu items. */
export async function handleMenuClick(deps: MenuDeps, click: MenuClick, tab: MenuTab | undefined): Promise<void> {
  const tabId = tab?.id;
  const frameId = click.frameId ?? 0;
  switch (click.menuItemId) {
    case MENU_IDS.discoverSelection: {
      // The page's own selection keeps line breaks and is never shortened; the menu's copy is
      // the fallback where pages cannot be scripted (the PDF viewer, say).
      let text = click.selectionText ?? '';
      if (tabId !== undefined) {
        try {
          const full = await deps.readSelection(tabId, frameId, MAX_EXTRACT_CHARS);
          if (full.trim() !== '') text = full;
        } catch {
          // keep the menu's copy
        }
      }
      const job = await discoverJob(deps, 'selection', text, tab, null);
      await deps.openWindow(`/discover.html?job=${job.id}`);
      return;
    }
    case MENU_IDS.findOnPage: {
      let text = '';
      let readError: string | null = null;
      try {
        if (tabId === undefined) throw new Error('no tab');
        text = await deps.readVisibleText(tabId, frameId, MAX_EXTRACT_CHARS);
      } catch {
        readError = UNREADABLE_PAGE;
      }
      const job = await discoverJob(deps, 'page', text, tab, readError);
      await deps.openWindow(`/discover.html?job=${job.id}`);
      return;
    }
    case MENU_IDS.writeHere: {
      if (tabId === undefined) return;
      const job = await deps.jobs.create<ComposeJob>({
        kind: 'compose',
        tabId,
        frameId,
        pageTitle: (tab?.title ?? '').slice(0, 500),
        done: false,
      });
      await deps.openWindow(`/compose.html?job=${job.id}`);
      return;
    }
    default:
      return;
  }
}
