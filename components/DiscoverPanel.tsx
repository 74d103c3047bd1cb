import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/i18n.ts';
import type { DiscoveryView } from '../lib/wire/views.ts';
import { type AddChat, DiscoveryList } from './DiscoveryList.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Spinner } from './Spinner.tsx';
import { TextArea } from './TextArea.tsx';
import { useEscape } from './use-escape.ts';

export interface DiscoverPanelProps {
  readonly busy: boolean;
  readonly result: DiscoveryView | null;
  readonly error: string | null;
  readonly onDiscover: (text: string) => Promise<boolean>;
  readonly onOpenMessage: (id: number) => void;
  readonly onAddChat: AddChat;
  /** Whether a result is in the chat on screen (else it says which chat it went to). */
  readonly currentChatId?: string;
  /** Opened by a button (Receive): the pointer box takes the focus, Escape closes the panel. */
  readonly onClose?: (() => void) | undefined;
}

/** "Paste a pointer": every pointer in what is pasted, each with its message or exactly why not. */
export function DiscoverPanel({ busy, result, error, onDiscover, onOpenMessage, onAddChat, currentChatId, onClose }: DiscoverPanelProps) {
  const [text, setText] = useState('');
  useEscape(() => onClose?.(), onClose !== undefined);
  const submit = async () => {
    if (text.trim() === '' || busy) return;
    if (await onDiscover(text)) setText('');
  };
  return (
    <form
      class="panel stack discover"
      aria-label={t('discover_form_label')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <TextArea
        label={t('discover_field')}
        value={text}
        onInput={setText}
        rows={2}
        mono
        placeholder={'{"c": "1", "e": 1736854567, "d": "…"}'}
        disabled={busy}
        hint={t('discover_hint')}
        autoFocus={onClose !== undefined}
        onKeyDown={(e) => {
          // As in the message box: Enter acts, Shift+Enter is a new line.
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            void submit();
          }
        }}
      />
      <div class="actions">
        <button type="submit" class="button button--primary" disabled={busy || text.trim() === ''}>
          {busy ? <Spinner label={t('discover_busy')} /> : t('discover_button')}
        </button>
      </div>
      {error && <ErrorNotice message={error} />}
      {result && <DiscoveryList {...result} currentChatId={currentChatId} onOpenMessage={onOpenMessage} onAddChat={onAddChat} />}
    </form>
  );
}
