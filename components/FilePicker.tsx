import { useId } from 'preact/hooks';

interface FilePickerProps {
  readonly label: string;
  readonly hint?: string | undefined;
  /** File types offered first (the person can still pick any file). */
  readonly accept?: string | undefined;
  readonly disabled?: boolean | undefined;
  readonly onPick: (file: File) => void;
}

/** A labelled file input; hands over the chosen file (nothing is uploaded anywhere). */
export function FilePicker({ label, hint, accept, disabled, onPick }: FilePickerProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="file"
        accept={accept}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) onPick(file);
        }}
      />
      {hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}
