/**
 * How times appear: short for recent ones, in the browser's interface language and the person's
 * own zone ("Yesterday" and friends come from the catalog).
 */
import { type MessageKey, t, uiLanguage } from '../lib/i18n/i18n.ts';

/** Formatters per interface language, made on first use (never while a module loads). */
const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const language = uiLanguage();
  const key = `${language}|${name}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language, options);
    cache.set(key, f);
  }
  return f;
}

const time = () => formatter('time', { hour: 'numeric', minute: '2-digit' });
const weekday = () => formatter('weekday', { weekday: 'short', hour: 'numeric', minute: '2-digit' });
const full = () => formatter('full', { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const exact = () => formatter('exact', { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' });
const dayName = () => formatter('dayName', { weekday: 'long' });
const dayDate = () => formatter('dayDate', { weekday: 'short', year: 'numeric', month: 'long', day: 'numeric' });

const DAY = 86_400_000;

function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** "14:05" today, "Yesterday 14:05", "Mon 14:05" within a week, else "12 Jan 2025, 14:05". */
export function formatWhen(ms: number, now: number = Date.now()): string {
  const today = startOfDay(now);
  if (ms >= today && ms < today + DAY) return time().format(ms);
  if (ms >= today - DAY && ms < today) return t('yesterday_at', time().format(ms));
  if (ms >= today - 6 * DAY && ms < today) return weekday().format(ms);
  return full().format(ms);
}

/** The time of day only (a conversation says the day once, above its messages). */
export function formatTime(ms: number): string {
  return time().format(ms);
}

/** Which local day `ms` falls on, as a key for grouping. */
export function dayKey(ms: number): number {
  return startOfDay(ms);
}

/** A day separator: "Today", "Yesterday", the weekday within a week, else the full date. */
export function formatDay(ms: number, now: number = Date.now()): string {
  const today = startOfDay(now);
  const day = startOfDay(ms);
  if (day === today) return t('today');
  if (day === startOfDay(today - DAY / 2)) return t('yesterday');
  if (day > today - 7 * DAY && day < today) return capitalize(dayName().format(ms));
  return dayDate().format(ms);
}

/** A weekday standing alone as a heading starts with a capital ("Понедельник", as "Monday"). */
function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase(uiLanguage()) + text.slice(1);
}

/** The full local date and time, to the second (message details). */
export function formatExact(ms: number): string {
  return exact().format(ms);
}

/** ISO 8601, for `<time datetime>`. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** How a chat's format is named (catalog keys: `t(FORMAT_LABELS[format])`). */
export const FORMAT_LABELS = { clm: 'format_clm', sealed: 'format_sealed', sealed2: 'format_sealed2' } as const satisfies Record<string, MessageKey>;

/** Which secret a chat uses, in plain words. */
export const PHRASE_LABELS = { master: 'phrase_master', own: 'phrase_own', contact: 'phrase_contact' } as const satisfies Record<string, MessageKey>;

/** Which secret opened a message, in plain words. */
export const OPENED_WITH_LABELS = {
  'profile-phrase': 'opened_profile_phrase',
  'chat-phrase': 'opened_chat_phrase',
  'retired-phrase': 'opened_retired_phrase',
  'contact-key': 'opened_contact_key',
  unknown: 'opened_unknown',
} as const satisfies Record<string, MessageKey>;

/** The same, as the value of an "Opened with" line. */
export const OPENED_WITH_SHORT = {
  'profile-phrase': 'opened_short_profile_phrase',
  'chat-phrase': 'opened_short_chat_phrase',
  'retired-phrase': 'opened_short_retired_phrase',
  'contact-key': 'opened_short_contact_key',
  unknown: 'opened_short_unknown',
} as const satisfies Record<string, MessageKey>;
