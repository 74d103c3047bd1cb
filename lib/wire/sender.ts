/**
 * Who may talk to the background: only this extension's own pages. Pure.
 * @module
 */

/** What the browser tells the background about who sent a message. */
export interface MessageSenderInfo {
  readonly id?: string | undefined;
  readonly url?: string | undefined;
  readonly origin?: string | undefined;
}

/** This extension's identity, as the background sees it. */
export interface ExtensionIdentity {
  readonly id: string;
  /** e.g. `chrome-extension://<id>` */
  readonly origin: string;
}

/**
 * `scheme://host` of a URL. Not `URL.origin`: for non-web schemes such as `chrome-extension:`
 * that is the opaque "null" outside Chrome, which would make every extension URL look alike.
 */
export function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}`;
  } catch {
    return undefined;
  }
}

/**
 * True only for this extension's own pages (popup, options, extension tabs). A content script
 * carries our id but the web page's URL and origin, so it is refused; so is anything else.
 * Where the browser reports `origin`, it must agree with `url`.
 */
export function isExtensionPageSender(sender: MessageSenderInfo, self: ExtensionIdentity): boolean {
  if (sender.id !== self.id) return false;
  const urlOrigin = originOf(sender.url);
  if (urlOrigin !== self.origin) return false;
  if (sender.origin !== undefined && sender.origin !== self.origin) return false;
  return true;
}
