import { useState } from 'preact/hooks';
import type { BackupPreviewView, BackupResultView } from '../lib/protocol.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
import { FilePicker } from './FilePicker.tsx';
import { formatExact } from './format.ts';
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

const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** Restoring a backup file: into a new browser, or merged into this profile. */
export function RestorePanel(props: RestorePanelProps) {
  const [phrase, setPhrase] = useState('');
  const { preview, result, busy } = props;
  return (
    <section class="panel stack" aria-labelledby="restore-title">
      <h2 id="restore-title">Restore a backup</h2>
      <p class="muted small">
        {props.firstRun
          ? 'Your profile is made from the backup: the same name, phrase, chats and messages.'
          : 'The backup’s chats and messages are added to yours; what is here already is not doubled.'}
      </p>
      <FilePicker label="Backup file" accept=".json,application/json" disabled={busy} onPick={props.onPick} />
      <Field label="The phrase the backup was made with" type="password" value={phrase} onInput={setPhrase} autoComplete="current-password" disabled={busy} />
      {props.error && <ErrorNotice message={props.error} />}
      {preview && (
        <p role="status">
          A backup of <strong>{preview.username}</strong> from {formatExact(preview.createdAt)}: {n(preview.chats, 'chat', 'chats')}
          {preview.chatsWithOwnPhrase > 0 && <> ({n(preview.chatsWithOwnPhrase, 'with its own phrase', 'with their own phrases')})</>},{' '}
          {n(preview.messages, 'message', 'messages')}.
        </p>
      )}
      {result && (
        <div class="notice notice--ok" role="status">
          <p class="notice__title">
            {result.madeProfile ? 'Profile restored' : 'Backup merged'}: {n(result.messagesAdded, 'message', 'messages')} added
            {result.chatsAdded > 0 && <>, {n(result.chatsAdded, 'chat', 'chats')}</>}.
          </p>
          {result.alreadyPresent > 0 && <p>{n(result.alreadyPresent, 'message was', 'messages were')} here already.</p>}
          {result.leftOut.length > 0 && (
            <div class="warning" role="note">
              <p>Not restored:</p>
              <ul>
                {result.leftOut.map((c) => (
                  <li key={c.name}>
                    “{c.name}”: {c.reason}.
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
      <div class="actions">
        <button type="button" class="button" disabled={busy || props.fileName === null || phrase === ''} onClick={() => void props.onCheck(phrase)}>
          Check the file
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
          {busy ? <Spinner label="Restoring…" /> : 'Restore'}
        </button>
      </div>
    </section>
  );
}
