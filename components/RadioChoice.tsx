import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

export interface RadioOption<T extends string> {
  readonly value: T;
  readonly title: string;
  /** The sentence after the title: what choosing it means. */
  readonly text: ComponentChildren;
}

interface RadioChoiceProps<T extends string> {
  readonly legend: string;
  readonly options: readonly RadioOption<T>[];
  readonly value: T;
  readonly onChange: (value: T) => void;
  readonly disabled?: boolean | undefined;
  readonly children?: ComponentChildren;
}

/** A labelled group of radio buttons, each a bold title and a sentence; `children` follow the options. */
export function RadioChoice<T extends string>({ legend, options, value, onChange, disabled, children }: RadioChoiceProps<T>) {
  // A name per group: two groups on one form must not share one.
  const name = useId();
  return (
    <fieldset class="choice" disabled={disabled}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value}>
          <input
            type="radio"
            name={name}
            checked={value === option.value}
            onChange={() => {
              onChange(option.value);
            }}
          />
          <span>
            <strong>{option.title}</strong> — {option.text}
          </span>
        </label>
      ))}
      {children}
    </fieldset>
  );
}
