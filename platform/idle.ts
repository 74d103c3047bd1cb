/** The one place that touches `browser.idle`. */
import { browser } from 'wxt/browser';

/** Calls `listener` when the operating system's screen locks. */
export function onSystemLocked(listener: () => void): void {
  browser.idle.onStateChanged.addListener((state) => {
    if (state === 'locked') listener();
  });
}
