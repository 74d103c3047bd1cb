import { t } from '../lib/i18n/i18n.ts';
import type { ChatView } from '../lib/wire/protocol.ts';
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
        {t('safety_intro', chat.name)}
      </p>
      {contact.needsMyNewCard && (
        <p class="warning" role="note">
          {t('safety_needs_card', chat.name)}
        </p>
      )}
      <h3 id="safety-title">{t('safety_title')}</h3>
      {/* Read aloud group by group; shown as a grid that two people can read to each other. */}
      <p class="safety-number" role="group" aria-label={t('safety_title')}>
        {safetyNumberGroups(contact.safetyNumber).map((group, i) => (
          <span key={i}>{group} </span>
        ))}
      </p>
      <p class="small">
        {t('safety_compare', chat.name)}
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
        <span>{t('safety_verified_check')}</span>
      </label>
      {error && <ErrorNotice message={error} />}
    </section>
  );
}
