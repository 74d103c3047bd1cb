import { ConfirmButton } from './ConfirmButton.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { PointerBox } from './PointerBox.tsx';

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
      <h3 id="my-card-title">My card</h3>
      <p class="small">
        Your contact card is public: post it anywhere. Give it to people you want to talk with <strong>without sharing a phrase</strong>, and add
        theirs with “Add contact” on the Chats screen. Then compare the safety number (in the contact’s chat, under Manage) in person or by phone.
      </p>
      {error && <ErrorNotice message={error} />}
      {card !== null && (
        <PointerBox
          label="My card"
          qrLabel="QR code of my card"
          copiedStatus="Card copied to the clipboard."
          pointer={card}
          copied={copied}
          onCopy={() => {
            onCopy(card);
          }}
        />
      )}
      {renew.done && (
        <p class="notice notice--ok" role="status">
          New identity made. Send this new card to each of your contacts: until they add it, they cannot read what you write.
        </p>
      )}
      <p class="warning" role="note">
        The key behind this card lives only in this profile: lose the profile and you lose this identity, unless you saved a backup (Import and
        backup, below).
      </p>
      <div class="actions actions--start">
        <ConfirmButton
          label="New identity"
          question="Make a new key pair? Each contact will need your new card before they can read what you write; old messages stay readable."
          confirmLabel="Make new identity"
          disabled={renew.busy || card === null}
          onConfirm={renew.onNewIdentity}
        />
      </div>
      {renew.error && <ErrorNotice message={renew.error} />}
    </section>
  );
}
