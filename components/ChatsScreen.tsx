import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/i18n.ts';
import type { ChatView } from '../lib/wire/protocol.ts';
import { ChatList } from './ChatList.tsx';
import { DiscoverPanel, type DiscoverPanelProps } from './DiscoverPanel.tsx';
import { EmptyState } from './EmptyState.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { AddContactForm, type AddContactFormProps } from './AddContactForm.tsx';
import { AddFromInviteForm } from './AddFromInviteForm.tsx';
import { NewChatForm, type NewChatSpec } from './NewChatForm.tsx';

interface ChatsScreenProps {
  readonly chats: readonly ChatView[] | null;
  readonly error: string | null;
  readonly onOpen: (chatId: string) => void;
  readonly creating: {
    readonly busy: boolean;
    readonly error: string | null;
    readonly onCreate: (spec: NewChatSpec) => Promise<boolean>;
    readonly onAddFromInvite: (invite: string, phrase: string | undefined) => Promise<boolean>;
  };
  /** "Add contact": their card; `onCancel` also forgets an error the form showed. */
  readonly addContact: AddContactFormProps;
  readonly discover: DiscoverPanelProps;
}

/** The home screen: receive a pointer, the chats, a new chat, a contact. */
export function ChatsScreen({ chats, error, onOpen, creating, addContact, discover }: ChatsScreenProps) {
  const [form, setForm] = useState<'none' | 'new' | 'invite' | 'contact'>('none');
  const newChat = form === 'new';
  return (
    <div class="stack">
      <DiscoverPanel {...discover} />
      <div class="section-head">
        <h2 class="section-title">{t('tab_chats')}</h2>
        {form === 'none' && (
          <span class="actions">
            <button
              type="button"
              class="button button--small"
              onClick={() => {
                setForm('invite');
              }}
            >
              {t('chats_add_from_invite')}
            </button>
            <button
              type="button"
              class="button button--small"
              onClick={() => {
                setForm('contact');
              }}
            >
              {t('chats_add_contact')}
            </button>
            <button
              type="button"
              class="button button--small"
              onClick={() => {
                setForm('new');
              }}
            >
              {t('chats_new_chat')}
            </button>
          </span>
        )}
      </div>
      {newChat && (
        <NewChatForm
          busy={creating.busy}
          error={creating.error}
          onCreate={async (spec) => {
            const ok = await creating.onCreate(spec);
            if (ok) setForm('none');
            return ok;
          }}
          onCancel={() => {
            setForm('none');
          }}
        />
      )}
      {form === 'invite' && (
        <AddFromInviteForm
          busy={creating.busy}
          error={creating.error}
          onAdd={async (invite, phrase) => {
            const ok = await creating.onAddFromInvite(invite, phrase);
            if (ok) setForm('none');
            return ok;
          }}
          onCancel={() => {
            setForm('none');
          }}
        />
      )}
      {form === 'contact' && (
        <AddContactForm
          busy={addContact.busy}
          error={addContact.error}
          onAdd={async (card, name) => {
            const ok = await addContact.onAdd(card, name);
            if (ok) setForm('none');
            return ok;
          }}
          onCancel={() => {
            addContact.onCancel();
            setForm('none');
          }}
        />
      )}
      {error && <ErrorNotice message={error} />}
      {chats && chats.length > 0 && <ChatList chats={chats} onOpen={onOpen} />}
      {chats?.length === 0 && (
        <EmptyState title={t('chats_empty_title')}>
          <p>{t('chats_empty_body')}</p>
        </EmptyState>
      )}
    </div>
  );
}
