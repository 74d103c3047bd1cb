import { useId } from 'preact/hooks';

interface PointerBoxProps {
  readonly pointer: string;
  readonly label?: string;
  readonly copied: boolean;
  readonly onCopy: () => void;
}

/** A pointer in a readable, wrapping monospace block, with Copy and its confirmation. */
export function PointerBox({ pointer, label = 'Pointer', copied, onCopy }: PointerBoxProps) {
  const id = useId();
  return (
    <div class="pointer" role="group" aria-labelledby={id}>
      <div class="pointer__head">
        <span class="pointer__label" id={id}>
          {label}
        </span>
        <button type="button" class="button button--small" onClick={onCopy} aria-describedby={id}>
          {copied ? 'Copied ✓' : 'Copy'}
        </button>
      </div>
      <code class="pointer__text" aria-labelledby={id}>
        {pointer}
      </code>
      <span class="visually-hidden" role="status">
        {copied ? 'Pointer copied to the clipboard.' : ''}
      </span>
    </div>
  );
}
