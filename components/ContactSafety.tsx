import type { ChatView } from '../lib/protocol.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

export interface ContactSafetyProps {
  readonly busy: boolean;
  /** The state just chosen, while it is being saved (shown at once); null otherwise. */
  readonly pending: boolean | null;
  readonly error: string | null;
  readonly onSetVerified: (verified: boolean) => void;
}

/** The safety number in groups of five digits, whatever spacing it came with. */
export function safetyNumberGroups(safetyNumber: string): string[] {
  return safetyNumber.replace(/\s+/g, '').match(/.{1,5}/g) ?? [];
}

/**
 * A contact chat's part of Manage: the safety number to compare, whether it was compared, and
 * (after "New identity") that the contact needs the new card.
 */
export function ContactSafety({ chat, contact, busy, pending, error, onSetVerified }: ContactSafetyProps & { readonly chat: ChatView; readonly contact: NonNullable<ChatView['contact']> }) {
  return (
    <section class="stack" aria-labelledby="safety-title">
      <p class="small">
        A contact chat: its key comes from your card and {chat.name}’s, with no phrase and no invite. Only the two of you can read it.
      </p>
      {contact.needsMyNewCard && (
        <p class="warning" role="note">
          Send {chat.name} your new card: until they add it, they cannot read what you write. (Profile → My card.)
        </p>
      )}
      <h3 id="safety-title">Safety number</h3>
      {/* Read aloud group by group; shown as a grid that two people can read to each other. */}
      <p class="safety-number" role="group" aria-label="Safety number">
        {safetyNumberGroups(contact.safetyNumber).map((group, i) => (
          <span key={i}>{group} </span>
        ))}
      </p>
      <p class="small">
        Compare it with the number {chat.name} sees, in person or by phone. If they match, nobody stands between you: the cards you exchanged are
        really yours.
      </p>
      <label class="check">
        <input
          type="checkbox"
          checked={pending ?? contact.verified}
          disabled={busy}
          onChange={(e) => {
            onSetVerified(e.currentTarget.checked);
          }}
        />
        <span>Verified: I compared it with theirs and they match</span>
      </label>
      {error && <ErrorNotice message={error} />}
    </section>
  );
}
