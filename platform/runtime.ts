/**
 * The one place that touches `browser.runtime`: the background's listener, the pages' sender,
 * the extension's identity and URLs, install and startup events, and `lastError`.
 */
import { browser } from 'wxt/browser';
import { type ExtensionIdentity, type MessageSenderInfo, originOf } from '../lib/wire/sender.ts';

/** This extension's id and origin (`chrome-extension://<id>`). */
export function extensionIdentity(): ExtensionIdentity {
  const origin = originOf(browser.runtime.getURL('/'));
  if (origin === undefined) throw new Error('extension URL is not a URL');
  return { id: browser.runtime.id, origin };
}

/** The URL of one of the extension's own pages. */
export function extensionUrl(path: `/${string}`): string {
  return browser.runtime.getURL(path as '/popup.html');
}

/**
 * A request handler: returns the reply, or `undefined` to leave the message unanswered (the
 * sender then gets nothing at all).
 */
export type MessageHandler = (message: unknown, sender: MessageSenderInfo) => Promise<unknown> | undefined;

/** Registers the background's only `runtime.onMessage` listener. */
export function listenForMessages(handle: MessageHandler): void {
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    const reply = handle(message, { id: sender.id, url: sender.url, origin: sender.origin });
    if (reply === undefined) return false;
    // sendResponse + `return true` works with native Chrome, the polyfill and the test fake alike.
    reply.then(sendResponse, () => {
      sendResponse(undefined);
    });
    return true;
  });
}

/** Sends one message to the background and resolves with its answer. */
export function sendMessage(message: unknown): Promise<unknown> {
  return browser.runtime.sendMessage<unknown, unknown>(message);
}

/** Runs `listener` when the extension is installed or updated, and when the browser starts. */
export function onInstalledOrStartup(listener: () => void): void {
  browser.runtime.onInstalled.addListener(() => {
    listener();
  });
  browser.runtime.onStartup.addListener(() => {
    listener();
  });
}

/** Reads (and so clears) the last callback error; true if there was one. */
export function consumeLastError(): boolean {
  return browser.runtime.lastError !== undefined;
}
