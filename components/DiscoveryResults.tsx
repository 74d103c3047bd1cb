import { plural, t } from '../lib/i18n/i18n.ts';
import type { DiscoveryJobView } from '../lib/wire/views.ts';
import { type AddChat, DiscoveryList } from './DiscoveryList.tsx';
import { EmptyState } from './EmptyState.tsx';

const EXAMPLE_POINTER = '{"c": "1", "e": 1736854567, "d": "…"}';

/** What a "discover" menu click found: each pointer's message or the reason it failed. */
export function DiscoveryResults({ job, onAddChat }: { readonly job: DiscoveryJobView; readonly onAddChat?: AddChat | undefined }) {
  const inSelection = job.source === 'selection';
  const nothing = job.results.length === 0 && !job.readError && job.unreadable.length === 0;
  return (
    <div class="stack">
      <div>
        <h2>
          {job.results.length === 0
            ? t(inSelection ? 'results_none_selection' : 'results_none_page')
            : plural(inSelection ? 'results_count_selection' : 'results_count_page', job.results.length)}
        </h2>
        {/* Only the origin, labelled: a page chooses its own title, and a title can say anything. */}
        <p class="muted small">
          {t('results_page')} <span class="origin">{job.origin}</span>
        </p>
      </div>
      {job.readError && (
        <div class="notice notice--error" role="alert">
          <p>{job.readError}</p>
        </div>
      )}
      {nothing ? (
        <EmptyState title={t('results_nothing_title')}>
          <p>{t('results_nothing_body', EXAMPLE_POINTER)}</p>
        </EmptyState>
      ) : (
        !job.readError && <DiscoveryList results={job.results} unreadable={job.unreadable} truncated={job.truncated} onAddChat={onAddChat} />
      )}
    </div>
  );
}
