/**
 * The one place that touches `browser.i18n`: installs the browser's catalogs (chosen by the
 * browser from its interface language, English when it has none) as the source of `t()`.
 */
import { browser } from 'wxt/browser';
import { catalogLanguage, installI18n, type MessageKey, t } from '../lib/i18n/i18n.ts';

/**
 * Call once at the top of every page and of the background, before anything renders. A page
 * passes its title's key: its `<html lang>` and `<title>` then follow the catalog in use.
 */
export function installBrowserI18n(page?: { readonly title: MessageKey }): void {
  installI18n({
    getMessage: (key, substitutions) => browser.i18n.getMessage(key as Parameters<typeof browser.i18n.getMessage>[0], [...substitutions]),
    uiLanguage: browser.i18n.getUILanguage(),
  });
  if (page) {
    document.documentElement.lang = catalogLanguage();
    document.title = t(page.title);
  }
}
