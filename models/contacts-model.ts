/**
 * Contacts: this profile's card (public), adding a contact from theirs, marking a safety number as
 * compared, and "New identity". The chat list is read again after anything that changes a chat.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { Api, ChatView, ResponseOf } from '../lib/wire/protocol.ts';
import { errorMessage, runAction } from './action.ts';
import { t } from '../lib/i18n/i18n.ts';

export type MyCard = ResponseOf<'getMyCard'>;

/** The protocol's bound on a pasted card: anything longer is not one, and is said so here. */
const MAX_CARD_TEXT = 20_000;

export interface ContactsModel {
  /** This profile's card, once loaded. */
  readonly card: ReadonlySignal<MyCard | null>;
  readonly cardError: ReadonlySignal<string | null>;
  /** Loads the card (a profile made before cards gets its key pair now); forgets an earlier "New identity" notice. */
  readonly loadCard: () => Promise<void>;

  readonly renewing: ReadonlySignal<boolean>;
  readonly renewError: ReadonlySignal<string | null>;
  /** "New identity" was made since the card was loaded: the person should send the new card. */
  readonly renewed: ReadonlySignal<boolean>;
  readonly newIdentity: () => Promise<boolean>;

  readonly adding: ReadonlySignal<boolean>;
  /** Why the last "Add contact" failed, in the background's words (junk, altered, own card…). */
  readonly addError: ReadonlySignal<string | null>;
  /** Adds a contact from the text of their card; `name` empty: the name on the card. */
  readonly add: (card: string, name: string) => Promise<ChatView | undefined>;
  readonly clearAddError: () => void;

  readonly verifying: ReadonlySignal<boolean>;
  /**
   * What the Verified box was just set to, while the background saves it: the box shows it at
   * once (a box that flips back until the answer comes reads as "my click did nothing").
   */
  readonly verifyingTo: ReadonlySignal<boolean | null>;
  readonly verifyError: ReadonlySignal<string | null>;
  /** `safetyNumber`: the number shown, which the person compared. */
  readonly setVerified: (chatId: string, verified: boolean, safetyNumber: string) => Promise<boolean>;
  /** Another chat was opened: why marking the last one failed is not its business. */
  readonly clearVerifyError: () => void;
}

/** `onChatsChanged`: a contact chat was added or changed (the chat list reads them again). */
export function createContactsModel(api: Api, onChatsChanged: () => Promise<void>): ContactsModel {
  const card = signal<MyCard | null>(null);
  const cardError = signal<string | null>(null);
  const renewing = signal(false);
  const renewError = signal<string | null>(null);
  const renewed = signal(false);
  const adding = signal(false);
  const addError = signal<string | null>(null);
  const verifying = signal(false);
  const verifyingTo = signal<boolean | null>(null);
  const verifyError = signal<string | null>(null);

  return {
    card,
    cardError,
    async loadCard() {
      renewed.value = false;
      renewError.value = null;
      // Never show a card that may be another profile's (one deleted and made again meanwhile).
      card.value = null;
      try {
        card.value = await api('getMyCard', {});
        cardError.value = null;
      } catch (e) {
        cardError.value = errorMessage(e, t('error_load_card'));
      }
    },

    renewing,
    renewError,
    renewed,
    async newIdentity() {
      renewed.value = false;
      const done = await runAction({ busy: renewing, error: renewError }, async () => {
        card.value = await api('newIdentity', {});
        renewed.value = true;
        // Every contact chat now says it needs the new card.
        await onChatsChanged();
      });
      return done.ok;
    },

    adding,
    addError,
    async add(text, name) {
      // Said here rather than by the request's validation, whose words are for developers.
      if (text.trim() === '') {
        addError.value = t('error_card_empty');
        return undefined;
      }
      if (text.length > MAX_CARD_TEXT) {
        addError.value = t('error_card_too_long', text.length);
        return undefined;
      }
      const given = name.trim();
      const done = await runAction({ busy: adding, error: addError }, async () => {
        const chat = await api('addContact', given === '' ? { card: text } : { card: text, name: given });
        await onChatsChanged();
        return chat;
      });
      return done.ok ? done.value : undefined;
    },
    clearAddError() {
      addError.value = null;
    },

    verifying,
    verifyingTo,
    verifyError,
    async setVerified(chatId, verified, safetyNumber) {
      verifyingTo.value = verified;
      try {
        const done = await runAction({ busy: verifying, error: verifyError }, async () => {
          await api('setContactVerified', { chatId, verified, safetyNumber });
          await onChatsChanged();
        });
        return done.ok;
      } finally {
        // Saved: the chat says so now. Failed: the box shows what is stored, with the error.
        verifyingTo.value = null;
      }
    },
    clearVerifyError() {
      verifyError.value = null;
    },
  };
}
