import { useEffect, useState } from 'preact/hooks';
import { t } from '../lib/i18n/i18n.ts';

type Encode = (typeof import('uqr'))['encode'];

/** The QR encoder, loaded the first time a code is shown: most popup opens show none. */
let loaded: Encode | null = null;
const loadEncoder = async (): Promise<Encode> => (loaded ??= (await import('uqr')).encode);

/**
 * A QR code of `text`, drawn as one SVG path (crisp at any size, no canvas, no remote code).
 * Base32 invites and pointers fit QR's compact alphanumeric mode.
 */
export function QrCode({ text, label, size = 180 }: { readonly text: string; readonly label: string; readonly size?: number }) {
  const [encode, setEncode] = useState<Encode | null>(() => loaded);
  useEffect(() => {
    if (encode === null)
      void loadEncoder().then((e) => {
        setEncode(() => e);
      });
  }, [encode]);
  // Until the encoder is here, a blank square of the same size: no image to read yet.
  if (encode === null) return <div class="qr" style={{ width: `${size}px`, height: `${size}px` }} aria-busy={true} />;
  let qr;
  try {
    qr = encode(text, { ecc: 'M', border: 2 });
  } catch {
    // Beyond what a QR code holds (about 2,300 characters of a CLM pointer at this error level).
    return <p class="muted small">{t('qr_too_long')}</p>;
  }
  let path = '';
  qr.data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    });
  });
  return (
    <svg class="qr" role="img" aria-label={label} viewBox={`0 0 ${qr.size} ${qr.size}`} width={size} height={size} shape-rendering="crispEdges">
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
