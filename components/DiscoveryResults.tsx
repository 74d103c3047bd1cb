import type { DiscoveryJobView, DiscoveryResultView } from '../lib/protocol.ts';
import { EmptyState } from './EmptyState.tsx';
import { formatWhen, isoTime, plural } from './format.ts';

function Result({ result }: { readonly result: DiscoveryResultView }) {
  const { message } = result;
  if (result.status === 'pending') {
    return (
      <li class="result">
        <p class="muted small">Waiting for you to unlock…</p>
        <code class="pointer__text">{result.pointer}</code>
      </li>
    );
  }
  if (result.status === 'failed' || !message) {
    return (
      <li class="result result--failed">
        <p class="result__status">{result.pointerCode === 'not-for-this-phrase' ? 'Altered, or not for this phrase' : 'Could not discover'}</p>
        <p>{result.error}</p>
        <code class="pointer__text">{result.pointer}</code>
      </li>
    );
  }
  const when = message.epoch * 1000;
  return (
    <li class="result">
      <p class="result__meta">
        <span class="result__status result__status--ok">{result.status === 'duplicate' ? 'Already in your history' : 'Discovered'}</span>
        <span>{message.chatName}</span>
        <time dateTime={isoTime(when)}>{formatWhen(when)}</time>
        {!message.integrityProtected && <span>not integrity-protected</span>}
      </p>
      <p class="result__text">
        <strong>{message.sender}:</strong> {message.text}
      </p>
    </li>
  );
}

/** What a "discover" menu click found: each pointer's message or the reason it failed. */
export function DiscoveryResults({ job }: { readonly job: DiscoveryJobView }) {
  const where = job.source === 'selection' ? 'in your selection' : 'on this page';
  return (
    <div class="stack">
      <div>
        <h2>{job.results.length === 0 ? `No pointer ${where}` : `${plural(job.results.length, 'pointer', 'pointers')} ${where}`}</h2>
        {job.pageTitle !== '' && <p class="muted small">On “{job.pageTitle}”</p>}
      </div>
      {job.readError && (
        <div class="notice notice--error" role="alert">
          <p>{job.readError}</p>
        </div>
      )}
      {job.results.length === 0 && !job.readError && job.unreadable.length === 0 && (
        <EmptyState title="Nothing that looks like a pointer.">
          <p>A pointer looks like {'{"c": "1", "e": 1736854567, "d": "…"}'}. Select all of it, then use “Discover message”.</p>
        </EmptyState>
      )}
      {job.results.length > 0 && (
        <ol class="results" aria-label="Discovered messages">
          {job.results.map((r, i) => (
            <Result key={i} result={r} />
          ))}
        </ol>
      )}
      {job.unreadable.length > 0 && (
        <section class="stack" aria-labelledby="unreadable-title">
          <h3 id="unreadable-title">{plural(job.unreadable.length, 'pointer', 'pointers')} could not be read</h3>
          <ul class="results" aria-label="Unreadable pointers">
            {job.unreadable.map((u, i) => (
              <li key={i} class="result result--failed">
                <p>{u.reason}</p>
                <code class="pointer__text">{u.excerpt}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      {job.truncated && <p class="muted small">The page is very long; only its first two million characters were read.</p>}
    </div>
  );
}
