import { t } from '../lib/i18n/i18n.ts';

/**
 * "How it works", in three short parts: what a pointer is, what may be shared anywhere, and what
 * never. Shown on the first-run screen (open, so a newcomer reads it before choosing a phrase) and
 * in Profile (closed), so it can be found again.
 */
export function HowItWorks({ open }: { readonly open: boolean }) {
  return (
    <details class="advanced help" open={open}>
      <summary>{t('help_title')}</summary>
      <dl class="help__list">
        <dt>{t('help_pointer_title')}</dt>
        <dd>{t('help_pointer')}</dd>
        <dt>{t('help_share_title')}</dt>
        <dd>{t('help_share')}</dd>
        <dt>{t('help_never_title')}</dt>
        <dd>{t('help_never')}</dd>
      </dl>
    </details>
  );
}
