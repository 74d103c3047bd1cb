/** The one place that touches `browser.commands` (the extension's keyboard shortcuts). */
import { browser } from 'wxt/browser';

export interface CommandTab {
  readonly id?: number | undefined;
  readonly url?: string | undefined;
}

/** Calls `listener` with the name of a shortcut the person pressed, and the tab it was pressed in. */
export function onCommand(listener: (name: string, tab: CommandTab | undefined) => void): void {
  browser.commands.onCommand.addListener((name, tab) => {
    listener(name, tab && { id: tab.id, url: tab.url });
  });
}
