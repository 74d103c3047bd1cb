import { type MessageKey, t } from '../lib/i18n/i18n.ts';

export type TabName = 'chats' | 'history' | 'trash' | 'profile';

const TABS = [
  { id: 'chats', key: 'tab_chats' },
  { id: 'history', key: 'tab_history' },
  { id: 'trash', key: 'tab_trash' },
  { id: 'profile', key: 'tab_profile' },
] as const satisfies readonly { readonly id: TabName; readonly key: MessageKey }[];

/** The popup's sections. Plain links-style buttons: Tab moves between them, Enter opens. */
export function NavTabs({ current, onSelect }: { readonly current: TabName; readonly onSelect: (tab: TabName) => void }) {
  return (
    <nav class="tabs" aria-label={t('tabs_label')}>
      {TABS.map((tab) => (
        <button
          key={tab.id}
          type="button"
          class="tabs__tab"
          aria-current={current === tab.id ? 'page' : undefined}
          onClick={() => {
            onSelect(tab.id);
          }}
        >
          {t(tab.key)}
        </button>
      ))}
    </nav>
  );
}
