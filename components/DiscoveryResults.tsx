import type { DiscoveryJobView } from '../lib/views.ts';
import { type AddChat, DiscoveryList } from './DiscoveryList.tsx';
import { EmptyState } from './EmptyState.tsx';
import { plural } from './format.ts';

/** What a "discover" menu click found: each pointer's message or the reason it failed. */
export function DiscoveryResults({ job, onAddChat }: { readonly job: DiscoveryJobView; readonly onAddChat?: AddChat | undefined }) {
  const where = job.source === 'selection' ? 'in your selection' : 'on this page';
  const nothing = job.results.length === 0 && !job.readError && job.unreadable.length === 0;
  return (
    <div class="stack">
      <div>
        <h2>{job.results.length === 0 ? `No pointer ${where}` : `${plural(job.results.length, 'pointer', 'pointers')} ${where}`}</h2>
        {/* Only the origin, labelled: a page chooses its own title, and a title can say anything. */}
        <p class="muted small">
          Page: <span class="origin">{job.origin}</span>
        </p>
      </div>
      {job.readError && (
        <div class="notice notice--error" role="alert">
          <p>{job.readError}</p>
        </div>
      )}
      {nothing ? (
        <EmptyState title="Nothing that looks like a pointer.">
          <p>A pointer looks like {'{"c": "1", "e": 1736854567, "d": "…"}'}. Select all of it, then use “Discover message”.</p>
        </EmptyState>
      ) : (
        !job.readError && <DiscoveryList results={job.results} unreadable={job.unreadable} truncated={job.truncated} onAddChat={onAddChat} />
      )}
    </div>
  );
}
