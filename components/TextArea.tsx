import { useEffect, useId, useRef } from 'preact/hooks';

interface TextAreaProps {
  readonly label: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly hint?: string | undefined;
  readonly rows?: number;
  readonly disabled?: boolean;
  readonly mono?: boolean;
  readonly placeholder?: string;
  readonly onKeyDown?: (event: KeyboardEvent) => void;
  readonly autoFocus?: boolean;
}

/** A labelled multi-line input. */
export function TextArea({ label, value, onInput, hint, rows = 3, disabled, mono, placeholder, onKeyDown, autoFocus }: TextAreaProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    // The `autofocus` attribute acts only when a page loads; a field that opens later takes the focus here.
    if (autoFocus) ref.current?.focus();
  }, [autoFocus]);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        ref={ref}
        class={mono ? 'mono' : undefined}
        rows={rows}
        value={value}
        disabled={disabled}
        placeholder={placeholder}
        spellcheck={!mono}
        autoComplete="off"
        aria-describedby={hint ? hintId : undefined}
        onInput={(e) => {
          onInput(e.currentTarget.value);
        }}
        onKeyDown={onKeyDown}
      />
      {hint && (
        <p class="field__hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}
