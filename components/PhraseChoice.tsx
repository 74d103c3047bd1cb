import { useState } from 'preact/hooks';
import { t } from '../lib/i18n/i18n.ts';
import { Field } from './Field.tsx';
import { type CheckedNewPhrase, checkNewPhrase, EMPTY_NEW_PHRASE, NewPhraseFields, type NewPhraseValue } from './NewPhraseFields.tsx';
import { RadioChoice } from './RadioChoice.tsx';

export interface PhraseChoiceValue extends NewPhraseValue {
  readonly kind: 'master' | 'own';
}

export const NO_PHRASE_CHOICE: PhraseChoiceValue = { kind: 'master', ...EMPTY_NEW_PHRASE };
export const OWN_PHRASE_CHOICE: PhraseChoiceValue = { kind: 'own', ...EMPTY_NEW_PHRASE };

/** The chat phrase typed twice, or an error sentence for a person. */
export function checkPhrasePair(phrase: string, confirm: string): CheckedNewPhrase | { readonly error: string } {
  if (phrase.trim() === '') return { error: t('phrase_enter_chat') };
  if (phrase.trim() !== confirm.trim()) return { error: t('phrase_not_same') };
  // The group's phrase, not one chosen now: its strength is not this person's to accept.
  return { phrase, weakPhraseAccepted: false };
}

/** The phrase chosen (`undefined`: the profile's), and whether a weak one was accepted on purpose. */
export interface ChosenPhrase {
  readonly phrase: string | undefined;
  readonly weakPhraseAccepted: boolean;
}

/**
 * The phrase to use (`undefined`: the profile's), or an error sentence. A phrase being chosen must
 * be strong (or accepted as weak on purpose); one being joined is the group's, whatever it is.
 */
export function chosenPhrase(v: PhraseChoiceValue, choosing: boolean): ChosenPhrase | { readonly error: string } {
  if (v.kind === 'master') return { phrase: undefined, weakPhraseAccepted: false };
  return choosing ? checkNewPhrase(v) : checkPhrasePair(v.phrase, v.confirm);
}

/**
 * A phrase choice's state and its check before submitting: `submit(then)` calls `then` with the
 * chosen phrase, or sets `problem` to say what is wrong.
 */
export function usePhraseChoice(initial: PhraseChoiceValue, choosing: boolean) {
  const [value, setValue] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (then: (chosen: ChosenPhrase) => void) => {
    const chosen = chosenPhrase(value, choosing);
    if ('error' in chosen) {
      setProblem(chosen.error);
      return;
    }
    setProblem(null);
    then(chosen);
  };
  return { value, setValue, problem, submit };
}

interface PhrasePairProps {
  readonly label: string;
  readonly phrase: string;
  readonly confirm: string;
  readonly onInput: (phrase: string, confirm: string) => void;
  readonly disabled?: boolean | undefined;
}

/** A new chat phrase, typed twice (a typo here would cut the chat off from its members). */
export function PhrasePair({ label, phrase, confirm, onInput, disabled }: PhrasePairProps) {
  return (
    <div class="stack">
      <Field label={label} type="password" value={phrase} onInput={(p) => { onInput(p, confirm); }} autoComplete="new-password" disabled={disabled} />
      <Field label={t('field_again', label)} type="password" value={confirm} onInput={(c) => { onInput(phrase, c); }} autoComplete="new-password" disabled={disabled} />
    </div>
  );
}

interface PhraseChoiceProps {
  readonly value: PhraseChoiceValue;
  readonly onChange: (value: PhraseChoiceValue) => void;
  readonly disabled?: boolean;
  /** A new chat's phrase is being chosen (rated, with "Generate"); else an invite's is typed in. */
  readonly choosing: boolean;
  /** "everyone in this chat has it" reads differently when joining from an invite. */
  readonly masterHint: string;
}

/** Which secret a chat uses: the profile's phrase, or one only its members know (typed twice). */
export function PhraseChoice({ value, onChange, disabled, masterHint, choosing }: PhraseChoiceProps) {
  return (
    <RadioChoice
      legend={t('phrase_choice_legend')}
      value={value.kind}
      onChange={(kind) => {
        onChange({ ...value, kind });
      }}
      disabled={disabled}
      options={[
        { value: 'master', title: t('phrase_choice_master'), text: masterHint },
        { value: 'own', title: t('phrase_choice_own'), text: t('phrase_choice_own_text') },
      ]}
    >
      {value.kind === 'own' &&
        (choosing ? (
          <NewPhraseFields
            label={t('chat_phrase_field')}
            value={value}
            onChange={(next) => {
              onChange({ ...value, ...next });
            }}
          />
        ) : (
          <PhrasePair
            label={t('chat_phrase_field')}
            phrase={value.phrase}
            confirm={value.confirm}
            onInput={(phrase, confirm) => {
              onChange({ ...value, phrase, confirm });
            }}
          />
        ))}
    </RadioChoice>
  );
}
