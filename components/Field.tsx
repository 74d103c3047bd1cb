import { useEffect, useId, useRef } from 'preact/hooks';

interface FieldProps {
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  /** A line under the field that helps fill it in; announced with the field. */
  readonly hint?: string | undefined;
  readonly type?: 'text' | 'password' | undefined;
  readonly autoComplete?: string | undefined;
  readonly maxLength?: number | undefined;
  readonly required?: boolean | undefined;
  readonly disabled?: boolean | undefined;
  readonly autoFocus?: boolean | undefined;
}

/** A labelled single-line input. */
export function Field({ label, value, onInput, hint, type = 'text', ...rest }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // The `autofocus` attribute acts only when a page loads; a field that opens later takes the focus here.
    if (rest.autoFocus) ref.current?.focus();
  }, [rest.autoFocus]);
  const common = {
    id,
    ref,
    value,
    onInput: (e: { currentTarget: HTMLInputElement }) => {
      onInput(e.currentTarget.value);
    },
    'aria-describedby': hint ? hintId : undefined,
    spellcheck: false,
    autoComplete: rest.autoComplete,
    maxLength: rest.maxLength,
    required: rest.required,
    disabled: rest.disabled,
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {/* Two literal types: Preact's typings tell input kinds apart by a literal `type`. */}
      {type === 'password' ? <input type="password" {...common} /> : <input type="text" {...common} />}
      {hint && (
        <p class="field__hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}
