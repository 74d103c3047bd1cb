import { useState } from 'preact/hooks';
import { plural, t } from '../lib/i18n/i18n.ts';
import type { ClmImportPlanView, ClmImportResultView } from '../lib/wire/protocol.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field } from './Field.tsx';
import { FilePicker } from './FilePicker.tsx';
import { tRich } from './rich-text.tsx';
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

const STATUS_WORDS = { existing: 'plan_status_existing', new: 'plan_status_new', orphan: 'plan_status_orphan', conflict: 'plan_status_conflict' } as const;

function PlanTable({ plan }: { readonly plan: ClmImportPlanView }) {
  return (
    <table class="table" aria-label={t('plan_table_label')}>
      <thead>
        <tr>
          <th scope="col">{t('plan_col_id')}</th>
          <th scope="col">{t('history_chat')}</th>
          <th scope="col">{t('plan_col_here')}</th>
          <th scope="col">{t('history_list_label')}</th>
        </tr>
      </thead>
      <tbody>
        {plan.chats.map((c) => (
          <tr key={c.clmId}>
            <td>
              <code>{c.clmId}</code>
            </td>
            <td>{c.name}</td>
            <td>{t(STATUS_WORDS[c.status])}</td>
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
      <summary>{plural('refused_summary', refused.length)}</summary>
      <ul>
        {refused.slice(0, 100).map((r) => (
          <li key={r.rowId}>{t('refused_row', String(r.rowId), r.reason)}</li>
        ))}
      </ul>
      {refused.length > 100 && <p>{t('refused_more', refused.length - 100)}</p>}
    </details>
  );
}

/** Where CLM keeps its database (a path, the same in every language). */
const CLM_DB_PATH = '~/.config/clm/clm.db';

/** Moving in from CLM 2.0.1: pick its database, see what would come, import it. */
export function ClmImportPanel(props: ClmImportPanelProps) {
  const [phrase, setPhrase] = useState('');
  const { plan, result, busy } = props;
  const given = props.firstRun ? phrase : undefined;
  return (
    <section class="panel stack" aria-labelledby="clm-import-title">
      <h2 id="clm-import-title">{t('clm_import_title')}</h2>
      <p class="muted small">{tRich('clm_import_intro', <code>{CLM_DB_PATH}</code>)}</p>
      <FilePicker label={t('clm_import_file')} hint={t('clm_import_file_hint', CLM_DB_PATH)} accept=".db,.sqlite,application/x-sqlite3" disabled={busy} onPick={props.onPick} />
      {props.firstRun && (
        <Field
          label={t('clm_import_phrase')}
          hint={t('clm_import_phrase_hint')}
          type="password"
          value={phrase}
          onInput={setPhrase}
          autoComplete="current-password"
          disabled={busy}
        />
      )}
      {props.fileName && props.unreadableRows > 0 && (
        <p class="warning" role="note">
          {plural('clm_import_bad_rows', props.unreadableRows)}
        </p>
      )}
      {props.error && <ErrorNotice message={props.error} />}
      {plan && (
        <div class="stack" role="status">
          <p>
            {plan.username !== null && <>{tRich('plan_made_by', <strong>{plan.username}</strong>)} </>}
            {plan.alreadyPresent > 0
              ? tRich('plan_to_import_already', <strong>{plural('messages_count', plan.toImport)}</strong>, plural('plan_already', plan.alreadyPresent))
              : tRich('plan_to_import', <strong>{plural('messages_count', plan.toImport)}</strong>)}
          </p>
          <PlanTable plan={plan} />
          <Refused refused={plan.refused} />
        </div>
      )}
      {result && (
        <div class="notice notice--ok" role="status">
          <p class="notice__title">
            {result.chatsCreated > 0
              ? t('import_result_chats', plural('messages_count', result.imported), plural('chats_count', result.chatsCreated))
              : t('import_result', plural('messages_count', result.imported))}
          </p>
          {result.alreadyPresent > 0 && <p>{plural('already_here', result.alreadyPresent)}</p>}
          <p>{t('import_result_note')}</p>
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
          {t('clm_import_preview')}
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
          {busy ? <Spinner label={t('working')} /> : plan ? t('clm_import_n', plural('messages_count', plan.toImport)) : t('clm_import_button')}
        </button>
      </div>
    </section>
  );
}
