import { encode } from 'uqr';
import { t } from '../lib/i18n/i18n.ts';

/**
 * A QR code of `text`, drawn as one SVG path (crisp at any size, no canvas, no remote code).
 * Base32 invites and pointers fit QR's compact alphanumeric mode.
 */
export function QrCode({ text, label, size = 180 }: { readonly text: string; readonly label: string; readonly size?: number }) {
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
