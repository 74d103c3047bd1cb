/**
 * The three context-menu actions: "Discover message" on a selection, "Find pointers on this
 * page", "Write a pointer here" in a field. A click only records a job and opens an extension
 * window; everything a person reads happens there, never in the page.
 */
import { extractPointersInSteps, MAX_EXTRACT_CHARS } from '../../lib/text/extract.ts';
import { t } from '../../lib/i18n/i18n.ts';
import type { ComposeJob, DiscoverJob, JobStore } from '../../lib/jobs/job-store.ts';
import { originOf } from '../../lib/wire/sender.ts';
import type { MenuClick, MenuItem, MenuTab } from '../../platform/menus.ts';

export const MENU_IDS = {
  discoverSelection: 'clm-discover-selection',
  findOnPage: 'clm-find-on-page',
  writeHere: 'clm-write-here',
} as const;

/** The menu items, titled in the browser's language (asked when they are made, not at load). */
export function menuItems(): readonly MenuItem[] {
  return [
    { id: MENU_IDS.discoverSelection, title: t('menu_discover_selection'), contexts: ['selection'] },
    { id: MENU_IDS.findOnPage, title: t('menu_find_on_page'), contexts: ['page'] },
    { id: MENU_IDS.writeHere, title: t('menu_write_here'), contexts: ['editable'] },
  ];
}

export interface MenuDeps {
  readonly jobs: JobStore;
  /** Read at most `maxChars` + 1 characters (one more says that there was more). */
  readonly readSelection: (tabId: number, frameId: number, maxChars: number) => Promise<string>;
  readonly readVisibleText: (tabId: number, frameId: number, maxChars: number) => Promise<string>;
  readonly openWindow: (path: `/${string}.html?${string}`) => Promise<void>;
  /** Writes down, under a token, the field that has the focus in that frame (the one right-clicked). */
  readonly markComposeTarget: (tabId: number, frameId: number, token: string) => Promise<boolean>;
  /** Awaited between steps of reading a page, so that other requests are answered meanwhile (between-steps.ts). */
  readonly pause: () => Promise<void>;
}

/**
 * The page's origin, which is all the trusted windows show of it (labelled as such): a page
 * chooses its own title, and a title can say anything ("type your profile phrase here").
 */
export function originLabel(click: MenuClick): string {
  return originOf(click.frameUrl ?? click.pageUrl)?.slice(0, 300) ?? t('unknown_page');
}

async function discoverJob(deps: MenuDeps, source: 'selection' | 'page', text: string, click: MenuClick, readError: string | null) {
  const { found, unreadable, truncated } = await extractPointersInSteps(text, deps.pause);
  return deps.jobs.create<DiscoverJob>({
    kind: 'discover',
    source,
    origin: originLabel(click),
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
      const job = await discoverJob(deps, 'selection', text, click, null);
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
        readError = t('unreadable_page', t('menu_discover_selection'));
      }
      const job = await discoverJob(deps, 'page', text, click, readError);
      await deps.openWindow(`/discover.html?job=${job.id}`);
      return;
    }
    case MENU_IDS.writeHere: {
      if (tabId === undefined) return;
      // The field is written down now, in the page, before the window opens and takes the focus.
      const target = deps.jobs.newToken();
      await deps.markComposeTarget(tabId, frameId, target).catch(() => false);
      const job = await deps.jobs.create<ComposeJob>({ kind: 'compose', tabId, frameId, origin: originLabel(click), target, used: false });
      await deps.openWindow(`/compose.html?job=${job.id}`);
      return;
    }
    default:
      return;
  }
}
