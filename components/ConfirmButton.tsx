import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../lib/i18n/i18n.ts';
import { useEscape } from './use-escape.ts';

interface ConfirmButtonProps {
  readonly label: string;
  /** The question shown once the button is pressed. */
  readonly question: string;
  readonly confirmLabel: string;
  readonly onConfirm: () => void;
  readonly disabled?: boolean;
  readonly danger?: boolean;
}

/** A button that asks before it acts: the question and two answers appear in its place. */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, disabled, danger }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) {
      cancelRef.current?.focus();
      cancelRef.current?.scrollIntoView({ block: 'nearest' });
    } else if (wasAsking.current) askRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  useEscape(() => {
    setAsking(false);
  }, asking);
  const kind = danger ? 'button button--danger' : 'button';
  if (!asking) {
    return (
      <button type="button" ref={askRef} class={`${kind} button--small`} disabled={disabled} onClick={() => { setAsking(true); }}>
        {label}
      </button>
    );
  }
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span class="confirm__question">{question}</span>
      <button
        type="button"
        class={`${kind} button--small`}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" class="button button--small" ref={cancelRef} onClick={() => { setAsking(false); }}>
        {t('cancel')}
      </button>
    </span>
  );
}
