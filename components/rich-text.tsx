import { type ComponentChildren, Fragment } from 'preact';
import { type MessageKey, t } from '../lib/i18n/i18n.ts';

const MARK = '\u0001';

/**
 * A message with markup inside it ("This chat uses <strong>its own phrase</strong>."): each
 * element is a substitution (`$1`, `$2`…), so translators move it where their grammar needs it.
 */
export function tRich(key: MessageKey, ...elements: readonly ComponentChildren[]): ComponentChildren {
  const text = t(key, ...elements.map((_, i) => `${MARK}${i}${MARK}`));
  return text.split(new RegExp(`${MARK}(\\d)${MARK}`)).map((part, i) => <Fragment key={i}>{i % 2 === 1 ? elements[Number(part)] : part}</Fragment>);
}
