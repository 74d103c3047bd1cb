import { assessPhrase, generatePhrase } from '../lib/phrase-strength.ts';
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

/** The phrase to save, or what keeps it from being saved, in a sentence. */
export function checkNewPhrase(v: NewPhraseValue): { readonly phrase: string } | { readonly error: string } {
  if (v.phrase.trim() === '') return { error: 'Enter a phrase.' };
  if (v.phrase.trim() !== v.confirm.trim()) return { error: 'The two phrases are not the same.' };
  if (assessPhrase(v.phrase).weak && !v.acceptWeak) {
    return { error: 'This phrase is weak: choose a stronger one (or “Generate a phrase”), or tick “Use this weak phrase anyway”.' };
  }
  return { phrase: v.phrase };
}

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
        hint={value.phrase === '' ? (emptyHint ?? strength.hint) : strength.hint}
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
        <div class={`meter meter--${strength.strength}`} role="meter" aria-label="Phrase strength" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, strength.bits)} aria-valuetext={`${strength.strength}, about ${strength.bits} bits`}>
          <span class="meter__bar" />
        </div>
      )}
      <Field
        label={`${label} again`}
        hint={mismatch ? 'The two phrases are not the same yet.' : undefined}
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
            const phrase = generatePhrase();
            onChange({ phrase, confirm: phrase, acceptWeak: false, generated: true });
          }}
        >
          Generate a phrase
        </button>
      </div>
      {value.generated && (
        <div class="generated" role="group" aria-label="The generated phrase">
          <p class="small">Write these seven words down, and give them to the people you will write to by a safe channel:</p>
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
          <span>Use this weak phrase anyway (for a group that already shares it)</span>
        </label>
      )}
    </div>
  );
}
