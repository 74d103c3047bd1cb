import { speaksEnglish, splitDetail, t } from '../lib/i18n/i18n.ts';
import { useInView } from './use-in-view.ts';

interface ErrorNoticeProps {
  /** A sentence, possibly with a detail attached by `withDetail` (lib/i18n/i18n.ts). */
  readonly message: string;
  /** The technical reason (a parser's words), behind "Details" for whoever wants it. */
  readonly detail?: string | undefined;
  readonly onRetry?: () => void;
}

/** A problem the person should know about: announced as it appears, and scrolled into view. */
export function ErrorNotice({ message, detail, onRetry }: ErrorNoticeProps) {
  const parts = splitDetail(message);
  const more = detail ?? parts.detail;
  const ref = useInView<HTMLDivElement>(message);
  return (
    <div class="notice notice--error" role="alert" ref={ref}>
      <p>{parts.message}</p>
      {more && <DetailsDisclosure text={more} />}
      {onRetry && (
        <button type="button" class="button" onClick={onRetry}>
          {t('try_again')}
        </button>
      )}
    </div>
  );
}

function DetailsDisclosure({ text }: { readonly text: string }) {
  return (
    <details class="small">
      <summary>{t('details')}</summary>
      <p class="mono">{text}</p>
    </details>
  );
}

/**
 * A sentence the background wrote (in English): shown as it is in English, and behind a
 * collapsed "Details" in any other language, whose own sentence stands above it.
 */
export function BackgroundDetail({ text }: { readonly text: string }) {
  return speaksEnglish() ? <p>{text}</p> : <DetailsDisclosure text={text} />;
}
