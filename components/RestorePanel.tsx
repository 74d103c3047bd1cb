import { useState } from 'preact/hooks';
import { plural, t } from '../lib/i18n/i18n.ts';
import type { BackupPreviewView, BackupResultView } from '../lib/wire/protocol.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
import { FilePicker } from './FilePicker.tsx';
import { formatExact } from './format.ts';
import { tRich } from './rich-text.tsx';
import { Spinner } from './Spinner.tsx';

export interface RestorePanelProps {
  /** First run: restoring makes the profile; otherwise it is merged into the profile. */
  readonly firstRun: boolean;
  readonly fileName: string | null;
  readonly preview: BackupPreviewView | null;
  readonly result: BackupResultView | null;
  readonly busy: boolean;
  readonly error: string | null;
  readonly onPick: (file: File) => void;
  readonly onCheck: (phrase: string) => Promise<boolean>;
  readonly onRestore: (phrase: string) => Promise<boolean>;
}

/** Restoring a backup file: into a new browser, or merged into this profile. */
export function RestorePanel(props: RestorePanelProps) {
  const [phrase, setPhrase] = useState('');
  const { preview, result, busy } = props;
  return (
    <section class="panel stack" aria-labelledby="restore-title">
      <h2 id="restore-title">{t('restore_title')}</h2>
      <p class="muted small">{props.firstRun ? t('restore_intro_first') : t('restore_intro_merge')}</p>
      <FilePicker label={t('restore_file')} accept=".json,application/json" disabled={busy} onPick={props.onPick} />
      <Field label={t('restore_phrase')} type="password" value={phrase} onInput={setPhrase} autoComplete="current-password" disabled={busy} />
      {props.error && <ErrorNotice message={props.error} />}
      {preview && (
        <p role="status">
          {preview.chatsWithOwnPhrase > 0
            ? tRich(
                'restore_preview_own',
                <strong>{preview.username}</strong>,
                formatExact(preview.createdAt),
                plural('chats_count', preview.chats),
                plural('chats_own_phrase', preview.chatsWithOwnPhrase),
                plural('messages_count', preview.messages),
              )
            : tRich('restore_preview', <strong>{preview.username}</strong>, formatExact(preview.createdAt), plural('chats_count', preview.chats), plural('messages_count', preview.messages))}
        </p>
      )}
      {result && (
        <div class="notice notice--ok" role="status">
          <p class="notice__title">
            {t(
              result.chatsAdded > 0 ? (result.madeProfile ? 'restore_made_chats' : 'restore_merged_chats') : result.madeProfile ? 'restore_made' : 'restore_merged',
              plural('messages_count', result.messagesAdded),
              plural('chats_count', result.chatsAdded),
            )}
          </p>
          {result.alreadyPresent > 0 && <p>{plural('already_here', result.alreadyPresent)}</p>}
          {result.leftOut.length > 0 && (
            <div class="warning" role="note">
              <p>{t('restore_left_out')}</p>
              <ul>
                {result.leftOut.map((c) => (
                  <li key={c.name}>
                    {t('restore_left_out_item', c.name, c.reason)}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
      <div class="actions">
        <button type="button" class="button" disabled={busy || props.fileName === null || phrase === ''} onClick={() => void props.onCheck(phrase)}>
          {t('restore_check')}
        </button>
        <button
          type="button"
          class="button button--primary"
          disabled={busy || preview === null || phrase === ''}
          onClick={() =>
            void props.onRestore(phrase).then((ok) => {
              if (ok) setPhrase('');
            })
          }
        >
          {busy ? <Spinner label={t('restore_busy')} /> : t('restore')}
        </button>
      </div>
    </section>
  );
}
