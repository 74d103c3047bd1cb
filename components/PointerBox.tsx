import { useId, useState } from 'preact/hooks';
import { t } from '../lib/i18n/i18n.ts';
import { QrCode } from './QrCode.tsx';

interface PointerBoxProps {
  readonly pointer: string;
  readonly label?: string;
  readonly copied: boolean;
  readonly onCopy: () => void;
  /** Offers the pointer as a QR code too, under this accessible name. */
  readonly qrLabel?: string | undefined;
  /** What a screen reader hears once it is copied (the box also shows cards and invites). */
  readonly copiedStatus?: string | undefined;
}

/** A pointer in a readable, wrapping monospace block, with Copy and its confirmation. */
export function PointerBox({ pointer, label = t('pointer_label'), copied, onCopy, qrLabel, copiedStatus = t('pointer_copied_status') }: PointerBoxProps) {
  const id = useId();
  const [showQr, setShowQr] = useState(false);
  return (
    <div class="pointer" role="group" aria-labelledby={id}>
      <div class="pointer__head">
        <span class="pointer__label" id={id}>
          {label}
        </span>
        <span class="pointer__buttons">
          {qrLabel !== undefined && (
            <button
              type="button"
              class="button button--small"
              aria-expanded={showQr}
              aria-describedby={id}
              onClick={() => {
                setShowQr(!showQr);
              }}
            >
              {t('qr_code_button')}
            </button>
          )}
          <button type="button" class="button button--small" onClick={onCopy} aria-describedby={id}>
            {copied ? t('copied') : t('copy')}
          </button>
        </span>
      </div>
      <code class="pointer__text" aria-labelledby={id}>
        {pointer}
      </code>
      {showQr && qrLabel !== undefined && (
        <div class="qr-frame">
          <QrCode text={pointer} label={qrLabel} size={220} />
        </div>
      )}
      <span class="visually-hidden" role="status">
        {copied ? copiedStatus : ''}
      </span>
    </div>
  );
}
