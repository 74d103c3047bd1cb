import { AppHeader } from '../../components/AppHeader.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LockBadge } from '../../components/LockBadge.tsx';
import { StatusPanel } from '../../components/StatusPanel.tsx';
import type { StatusModel } from './models/status-model.ts';

/** The popup: reads its models, renders components. No browser API is called from here. */
export function App({ statusModel }: { readonly statusModel: StatusModel }) {
  const status = statusModel.status.value;
  const error = statusModel.error.value;
  return (
    <div class="app" aria-busy={status === null && error === null}>
      <AppHeader>{status && <LockBadge state={status.state} />}</AppHeader>
      <main class="app-main">
        {error !== null && <ErrorNotice message={error} onRetry={() => void statusModel.refresh()} />}
        {status === null && error === null && <p class="muted" role="status">Loading…</p>}
        {status && <StatusPanel status={status} />}
      </main>
    </div>
  );
}
