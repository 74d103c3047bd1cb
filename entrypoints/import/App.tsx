import { AppHeader } from '../../components/AppHeader.tsx';
import { BackupPanel } from '../../components/BackupPanel.tsx';
import { ClmImportPanel } from '../../components/ClmImportPanel.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LockBadge } from '../../components/LockBadge.tsx';
import { RestorePanel } from '../../components/RestorePanel.tsx';
import { UnlockScreen } from '../../components/UnlockScreen.tsx';
import { t } from '../../lib/i18n/i18n.ts';
import type { ImportModel } from '../../models/import-model.ts';
import type { SessionModel } from '../../models/session-model.ts';
import { unlockProps } from '../../models/unlock.ts';

interface Files {
  readonly readBytes: (file: File) => Promise<Uint8Array>;
  readonly readText: (file: File) => Promise<string>;
}

/** "Import and backup": moving in from CLM 2.0.1, saving a backup, restoring one. */
export function App({ session, model, files }: { readonly session: SessionModel; readonly model: ImportModel; readonly files: Files }) {
  const state = session.status.value?.state;
  const { clm, backup, restore } = model;
  const firstRun = state === 'no-profile';
  return (
    <div class="app app--page">
      <AppHeader>{state && <LockBadge state={state} />}</AppHeader>
      <main class="app-main" id="main">
        <h2 class="page-title">{t('import_title')}</h2>
        {session.loadError.value && <ErrorNotice message={session.loadError.value} onRetry={() => void session.refresh()} />}
        {state === undefined && session.loadError.value === null && (
          <p class="muted" role="status">
            {t('loading')}
          </p>
        )}
        {state === 'locked' && (
          <>
            <p class="muted">{t('import_locked')}</p>
            <UnlockScreen {...unlockProps(session)} />
          </>
        )}
        {firstRun && <p class="muted">{t('import_first_run')}</p>}
        {(firstRun || state === 'unlocked') && (
          <>
            <ClmImportPanel
              firstRun={firstRun}
              fileName={clm.fileName.value}
              unreadableRows={clm.unreadableRows.value}
              plan={clm.plan.value}
              result={clm.result.value}
              busy={clm.busy.value}
              error={clm.error.value}
              onPick={(file) => void files.readBytes(file).then((bytes) => clm.choose(file.name, bytes))}
              onPreview={clm.preview}
              onImport={clm.importNow}
            />
            {state === 'unlocked' && <BackupPanel busy={backup.busy.value} error={backup.error.value} saved={backup.saved.value} onExport={backup.exportNow} />}
            <RestorePanel
              firstRun={firstRun}
              fileName={restore.fileName.value}
              preview={restore.preview.value}
              result={restore.result.value}
              busy={restore.busy.value}
              error={restore.error.value}
              onPick={(file) =>
                void files.readText(file).then((text) => {
                  restore.choose(file.name, text);
                })
              }
              onCheck={restore.check}
              onRestore={restore.restore}
            />
          </>
        )}
      </main>
    </div>
  );
}
