import type { StatusView } from '../lib/protocol.ts';

/** What the popup says about the vault's state, in plain words. */
export function StatusPanel({ status }: { readonly status: StatusView }) {
  switch (status.state) {
    case 'no-profile':
      return (
        <section class="panel" aria-labelledby="status-title">
          <h2 id="status-title">Welcome</h2>
          <p>
            Messages here are <em>discovered</em>, not sent: you and your contacts share a secret phrase, and you publish
            only a short pointer that nobody else can read.
          </p>
          <p class="muted">There is no profile on this browser yet.</p>
        </section>
      );
    case 'locked':
      return (
        <section class="panel" aria-labelledby="status-title">
          <h2 id="status-title">Locked</h2>
          <p>
            Profile <strong>{status.username}</strong> is locked. Your phrase is not in memory, so no message can be read
            or written until you unlock.
          </p>
        </section>
      );
    case 'unlocked':
      return (
        <section class="panel" aria-labelledby="status-title">
          <h2 id="status-title">Unlocked</h2>
          <p>
            Signed in as <strong>{status.username}</strong>.
          </p>
        </section>
      );
  }
}
