/**
 * The one place that touches `browser.runtime`: the background's listener, the pages' sender,
 * and the extension's identity. Everything else goes through these functions.
 */
import { browser } from 'wxt/browser';
import { type ExtensionIdentity, type MessageSenderInfo, originOf } from '../lib/protocol.ts';

/** This extension's id and origin (`chrome-extension://<id>`). */
export function extensionIdentity(): ExtensionIdentity {
  const origin = originOf(browser.runtime.getURL('/'));
  if (origin === undefined) throw new Error('extension URL is not a URL');
  return { id: browser.runtime.id, origin };
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
