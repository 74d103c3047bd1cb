import { useState } from 'preact/hooks';
import type { ClmImportPlanView, ClmImportResultView } from '../lib/protocol.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
import { FilePicker } from './FilePicker.tsx';
import { Spinner } from './Spinner.tsx';

export interface ClmImportPanelProps {
  /** First run: the phrase is asked, and the import makes the profile. */
  readonly firstRun: boolean;
  readonly fileName: string | null;
  readonly unreadableRows: number;
  readonly plan: ClmImportPlanView | null;
  readonly result: ClmImportResultView | null;
  readonly busy: boolean;
  readonly error: string | null;
  readonly onPick: (file: File) => void;
  readonly onPreview: (phrase?: string) => Promise<boolean>;
  readonly onImport: (phrase?: string) => Promise<boolean>;
}

const STATUS_WORDS = { existing: 'your chat', new: 'new chat', orphan: 'deleted in CLM: kept as a new chat', conflict: 'left out: your chat of this number has another suffix' } as const;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function PlanTable({ plan }: { readonly plan: ClmImportPlanView }) {
  return (
    <table class="table" aria-label="Chats in the CLM database">
      <thead>
        <tr>
          <th scope="col">CLM id</th>
          <th scope="col">Chat</th>
          <th scope="col">Here</th>
          <th scope="col">Messages</th>
        </tr>
      </thead>
      <tbody>
        {plan.chats.map((c) => (
          <tr key={c.clmId}>
            <td>
              <code>{c.clmId}</code>
            </td>
            <td>{c.name}</td>
            <td>{STATUS_WORDS[c.status]}</td>
            <td>{c.messages}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Refused({ refused }: { readonly refused: ClmImportPlanView['refused'] }) {
  if (refused.length === 0) return null;
  return (
    <details class="small">
      <summary>{plural(refused.length, 'message is', 'messages are')} not imported (why)</summary>
      <ul>
        {refused.slice(0, 100).map((r) => (
          <li key={r.rowId}>
            Row {r.rowId}: {r.reason}
          </li>
        ))}
      </ul>
      {refused.length > 100 && <p>…and {refused.length - 100} more.</p>}
    </details>
  );
}

/** Moving in from CLM 2.0.1: pick its database, see what would come, import it. */
export function ClmImportPanel(props: ClmImportPanelProps) {
  const [phrase, setPhrase] = useState('');
  const { plan, result, busy } = props;
  const given = props.firstRun ? phrase : undefined;
  return (
    <section class="panel stack" aria-labelledby="clm-import-title">
      <h2 id="clm-import-title">Move in from CLM 2.0.1</h2>
      <p class="muted small">
        CLM keeps your chats and messages in <code>~/.config/clm/clm.db</code>. Quit CLM first, then choose that file. It is read here, in this page;
        nothing is uploaded, and the file is not changed.
      </p>
      <FilePicker label="CLM database" hint="Usually ~/.config/clm/clm.db" accept=".db,.sqlite,application/x-sqlite3" disabled={busy} onPick={props.onPick} />
      {props.firstRun && (
        <Field
          label="The phrase you use in CLM"
          hint="Your profile here is made with it and with the name in the database. Each message is checked with it before it is imported."
          type="password"
          value={phrase}
          onInput={setPhrase}
          autoComplete="current-password"
          disabled={busy}
        />
      )}
      {props.fileName && props.unreadableRows > 0 && (
        <p class="warning" role="note">
          {plural(props.unreadableRows, 'row', 'rows')} of this file are not what CLM writes and will not be imported.
        </p>
      )}
      {props.error && <ErrorNotice message={props.error} />}
      {plan && (
        <div class="stack" role="status">
          <p>
            {plan.username !== null && (
              <>
                Made by <strong>{plan.username}</strong>.{' '}
              </>
            )}
            <strong>{plural(plan.toImport, 'message', 'messages')}</strong> to import
            {plan.alreadyPresent > 0 && <>, {plural(plan.alreadyPresent, 'is', 'are')} here already</>}.
          </p>
          <PlanTable plan={plan} />
          <Refused refused={plan.refused} />
        </div>
      )}
      {result && (
        <div class="notice notice--ok" role="status">
          <p class="notice__title">
            Imported {plural(result.imported, 'message', 'messages')}
            {result.chatsCreated > 0 && <> and {plural(result.chatsCreated, 'chat', 'chats')}</>}.
          </p>
          {result.alreadyPresent > 0 && <p>{plural(result.alreadyPresent, 'message was', 'messages were')} here already.</p>}
          <p>Open the extension from the toolbar to read them. Your CLM database is as it was.</p>
          <Refused refused={result.refused} />
        </div>
      )}
      <div class="actions">
        <button
          type="button"
          class="button"
          disabled={busy || props.fileName === null || (props.firstRun && phrase === '')}
          onClick={() => void props.onPreview(given)}
        >
          Preview
        </button>
        <button
          type="button"
          class="button button--primary"
          disabled={busy || plan === null}
          onClick={() =>
            void props.onImport(given).then((ok) => {
              if (ok) setPhrase('');
            })
          }
        >
          {busy ? <Spinner label="Working…" /> : plan ? `Import ${plural(plan.toImport, 'message', 'messages')}` : 'Import'}
        </button>
      </div>
    </section>
  );
}
