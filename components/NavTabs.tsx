export type TabName = 'chats' | 'history' | 'trash' | 'profile';

const TABS: readonly { readonly id: TabName; readonly label: string }[] = [
  { id: 'chats', label: 'Chats' },
  { id: 'history', label: 'History' },
  { id: 'trash', label: 'Trash' },
  { id: 'profile', label: 'Profile' },
];

/** The popup's sections. Plain links-style buttons: Tab moves between them, Enter opens. */
export function NavTabs({ current, onSelect }: { readonly current: TabName; readonly onSelect: (tab: TabName) => void }) {
  return (
    <nav class="tabs" aria-label="Sections">
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
          {tab.label}
        </button>
      ))}
    </nav>
  );
}
