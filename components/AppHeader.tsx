import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n.ts';

/** The popup's title bar: the mark, the product name, and whatever sits on the right. */
export function AppHeader({ children }: { readonly children?: ComponentChildren }) {
  return (
    <header class="app-header">
      <img class="app-header__mark" src="/icon/32.png" alt="" width={24} height={24} />
      <h1 class="app-header__title">{t('app_name')}</h1>
      <div class="app-header__end">{children}</div>
    </header>
  );
}
