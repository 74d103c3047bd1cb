import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n/i18n.ts';

/** The popup's title bar: the mark, the product name, and whatever sits on the right. */
export function AppHeader({ children }: { readonly children?: ComponentChildren }) {
  return (
    <header class="app-header">
      <img class="app-header__mark" src="/icon/32.png" alt="" width={24} height={24} />
      {/* The full name, or "CLM" where the header is too narrow for it (a long lock badge, as in
          Russian); screen readers always hear the full name. */}
      <h1 class="app-header__title">
        <span class="app-header__full">{t('app_name')}</span>
        <span class="app-header__short" aria-hidden="true">
          CLM
        </span>
      </h1>
      <div class="app-header__end">{children}</div>
    </header>
  );
}
