import { useInView } from './use-in-view.ts';

interface ErrorNoticeProps {
  readonly message: string;
  /** The technical reason (a parser's words), behind "Details" for whoever wants it. */
  readonly detail?: string | undefined;
  readonly onRetry?: () => void;
}

/** A problem the person should know about: announced as it appears, and scrolled into view. */
export function ErrorNotice({ message, detail, onRetry }: ErrorNoticeProps) {
  const ref = useInView<HTMLDivElement>(message);
  return (
    <div class="notice notice--error" role="alert" ref={ref}>
      <p>{message}</p>
      {detail && (
        <details class="small">
          <summary>Details</summary>
          <p class="mono">{detail}</p>
        </details>
      )}
      {onRetry && (
        <button type="button" class="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
