import { t } from '../lib/i18n/i18n.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { PointerBox } from './PointerBox.tsx';
import { tRich } from './rich-text.tsx';

export interface MyCardPanelProps {
  /** The card's text (`CLMCARD1:…`), or null while it loads. */
  readonly card: string | null;
  readonly error: string | null;
  readonly copied: boolean;
  readonly onCopy: (card: string) => void;
  readonly renew: {
    readonly busy: boolean;
    readonly error: string | null;
    /** A new identity was just made: the card shown is the new one. */
    readonly done: boolean;
    readonly onNewIdentity: () => void;
  };
}

/** Profile → "My card": the public card to give to people, and replacing the key pair behind it. */
export function MyCardPanel({ card, error, copied, onCopy, renew }: MyCardPanelProps) {
  return (
    <section class="panel stack" aria-labelledby="my-card-title">
      <h3 id="my-card-title">{t('card_title')}</h3>
      <p class="small">{tRich('card_intro', <strong>{t('card_intro_strong')}</strong>)}</p>
      {error && <ErrorNotice message={error} />}
      {card !== null && (
        <PointerBox
          label={t('card_title')}
          qrLabel={t('card_qr_label')}
          copiedStatus={t('card_copied_status')}
          pointer={card}
          copied={copied}
          onCopy={() => {
            onCopy(card);
          }}
        />
      )}
      {renew.done && (
        <p class="notice notice--ok" role="status">
          {t('card_renewed')}
        </p>
      )}
      <p class="warning" role="note">
        {t('card_key_warning')}
      </p>
      <div class="actions actions--start">
        <ConfirmButton
          label={t('card_new_identity')}
          question={t('card_new_identity_question')}
          confirmLabel={t('card_new_identity_confirm')}
          disabled={renew.busy || card === null}
          onConfirm={renew.onNewIdentity}
        />
      </div>
      {renew.error && <ErrorNotice message={renew.error} />}
    </section>
  );
}
