/**
 * How long to make a person wait after failed unlocks: nothing for the first two mistakes (typos
 * happen), then 1 s, 2 s, 4 s … up to 5 minutes. The counter lives in `storage.local`, so closing
 * the popup, the worker stopping or a browser restart does not reset it; a success does.
 */
export const MAX_UNLOCK_DELAY_MS = 5 * 60_000;

/** Delay (ms) imposed after the `failures`-th consecutive failure. */
export function unlockDelayMs(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(MAX_UNLOCK_DELAY_MS, 1000 * 2 ** Math.min(failures - 3, 30));
}
