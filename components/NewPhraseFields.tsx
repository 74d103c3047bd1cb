import { type MessageKey, plural, t } from '../lib/i18n/i18n.ts';
import { assessPhrase, guessingDuration, type GuessingUnit, type PhraseAssessment } from '../lib/phrases/strength.ts';
import { Field } from './Field.tsx';

/** A new phrase as typed (twice), and whether a weak one was accepted on purpose. */
export interface NewPhraseValue {
  readonly phrase: string;
  readonly confirm: string;
  readonly acceptWeak: boolean;
  /** Made by "Generate a phrase" (and shown so it can be written down). */
  readonly generated: boolean;
}

export const EMPTY_NEW_PHRASE: NewPhraseValue = { phrase: '', confirm: '', acceptWeak: false, generated: false };

/** A new phrase ready to send, with the person's "use it anyway" when it is weak (the background asks for it). */
export interface CheckedNewPhrase {
  readonly phrase: string;
  readonly weakPhraseAccepted: boolean;
}

/**
 * The phrase to save, or what keeps it from being saved, in a sentence. The same rule as the
 * background's (lib/vault/input.ts `cleanNewPhrase`), asked here first so the form can say it.
 */
export function checkNewPhrase(v: NewPhraseValue): CheckedNewPhrase | { readonly error: string } {
  if (v.phrase.trim() === '') return { error: t('phrase_enter') };
  if (v.phrase.trim() !== v.confirm.trim()) return { error: t('phrase_not_same') };
  const weak = assessPhrase(v.phrase).weak;
  if (weak && !v.acceptWeak) {
    return { error: t('phrase_weak_refused') };
  }
  return { phrase: v.phrase, weakPhraseAccepted: weak };
}

const UNIT_KEYS = {
  'million-years': 'duration_million_years',
  years: 'duration_years',
  days: 'duration_days',
  hours: 'duration_hours',
  minutes: 'duration_minutes',
  seconds: 'duration_seconds',
} as const;

/** How strong a phrase is and how long guessing it takes, in one sentence of the interface language. */
export function phraseHint(a: Pick<PhraseAssessment, 'strength' | 'bits'>): string {
  if (a.strength === 'empty') return t('strength_empty');
  const d = guessingDuration(a.bits);
  const time = t('strength_time', d ? plural(UNIT_KEYS[d.unit satisfies GuessingUnit], d.amount) : t('duration_under_second'));
  const key: MessageKey = a.strength === 'weak' ? 'strength_weak' : a.strength === 'fair' ? 'strength_fair' : a.strength === 'strong' ? 'strength_strong' : 'strength_very_strong';
  return t(key, a.bits, time);
}

const STRENGTH_WORDS = {
  empty: 'strength_word_empty',
  weak: 'strength_word_weak',
  fair: 'strength_word_fair',
  strong: 'strength_word_strong',
  'very-strong': 'strength_word_very_strong',
} as const;

interface NewPhraseFieldsProps {
  readonly label: string;
  readonly value: NewPhraseValue;
  readonly onChange: (value: NewPhraseValue) => void;
  readonly disabled?: boolean | undefined;
  /** A line under the first field while it is empty. */
  readonly emptyHint?: string | undefined;
}

/**
 * Choosing a new phrase, the same everywhere one is chosen (setup, changing it, a chat's own):
 * typed twice, its strength in words, "Generate a phrase", and an explicit "use it anyway" for
 * a weak one.
 */
export function NewPhraseFields({ label, value, onChange, disabled, emptyHint }: NewPhraseFieldsProps) {
  const strength = assessPhrase(value.phrase);
  const mismatch = value.confirm !== '' && value.phrase.trim() !== value.confirm.trim();
  return (
    <div class="stack">
      <Field
        label={label}
        hint={value.phrase === '' ? (emptyHint ?? phraseHint(strength)) : phraseHint(strength)}
        type="password"
        value={value.phrase}
        onInput={(phrase) => {
          onChange({ ...value, phrase, generated: false, acceptWeak: false });
        }}
        autoComplete="new-password"
        required
        disabled={disabled}
      />
      {value.phrase !== '' && (
        <div class={`meter meter--${strength.strength}`} role="meter" aria-label={t('strength_meter')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, strength.bits)} aria-valuetext={t('strength_meter_value', t(STRENGTH_WORDS[strength.strength]), strength.bits)}>
          <span class="meter__bar" />
        </div>
      )}
      <Field
        label={t('field_again', label)}
        hint={mismatch ? t('phrase_not_same_yet') : undefined}
        type="password"
        value={value.confirm}
        onInput={(confirm) => {
          onChange({ ...value, confirm });
        }}
        autoComplete="new-password"
        required
        disabled={disabled}
      />
      <div class="actions actions--start">
        <button
          type="button"
          class="button button--small"
          disabled={disabled}
          onClick={() => {
            // The word list loads on first use: it would be a fifth of the popup's script.
            void import('../lib/phrases/generate.ts').then(({ generatePhrase }) => {
              const phrase = generatePhrase();
              onChange({ phrase, confirm: phrase, acceptWeak: false, generated: true });
            });
          }}
        >
          {t('phrase_generate')}
        </button>
      </div>
      {value.generated && (
        <div class="generated" role="group" aria-label={t('phrase_generated_label')}>
          <p class="small">{t('phrase_generated_text')}</p>
          <output class="generated__words">{value.phrase}</output>
        </div>
      )}
      {value.phrase.trim() !== '' && strength.weak && (
        <label class="check">
          <input
            type="checkbox"
            checked={value.acceptWeak}
            disabled={disabled}
            onChange={(e) => {
              onChange({ ...value, acceptWeak: e.currentTarget.checked });
            }}
          />
          <span>{t('phrase_accept_weak')}</span>
        </label>
      )}
    </div>
  );
}
