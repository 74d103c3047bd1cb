/** The one place that touches `browser.action`: the toolbar button shows whether the vault is locked. */
import { browser } from 'wxt/browser';
import type { LockState } from '../lib/wire/protocol.ts';

const SIZES = [16, 32, 48, 128] as const;
const icons = (prefix: string) => Object.fromEntries(SIZES.map((s) => [s, `/icon/${prefix}${s}.png`]));

const TITLES: Record<LockState, string> = {
  'no-profile': 'Chrono-Library Messenger — set up a profile',
  locked: 'Chrono-Library Messenger — locked',
  unlocked: 'Chrono-Library Messenger — unlocked',
};

/** The colour icon when unlocked, the grey one with a padlock otherwise; the title says it in words. */
export async function showLockState(state: LockState): Promise<void> {
  await browser.action.setIcon({ path: icons(state === 'unlocked' ? '' : 'locked-') });
  await browser.action.setTitle({ title: TITLES[state] });
}
