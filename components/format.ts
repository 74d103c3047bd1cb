/** How times appear in the popup: short for recent ones, always in the person's own locale and zone. */

const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit' });
const full = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const exact = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
});

const DAY = 86_400_000;

function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** "14:05" today, "Yesterday 14:05", "Mon 14:05" within a week, else "12 Jan 2025, 14:05". */
export function formatWhen(ms: number, now: number = Date.now()): string {
  const today = startOfDay(now);
  if (ms >= today && ms < today + DAY) return time.format(ms);
  if (ms >= today - DAY && ms < today) return `Yesterday ${time.format(ms)}`;
  if (ms >= today - 6 * DAY && ms < today) return weekday.format(ms);
  return full.format(ms);
}

const dayName = new Intl.DateTimeFormat(undefined, { weekday: 'long' });
const dayDate = new Intl.DateTimeFormat(undefined, { weekday: 'short', year: 'numeric', month: 'long', day: 'numeric' });

/** The time of day only (a conversation says the day once, above its messages). */
export function formatTime(ms: number): string {
  return time.format(ms);
}

/** Which local day `ms` falls on, as a key for grouping. */
export function dayKey(ms: number): number {
  return startOfDay(ms);
}

/** A day separator: "Today", "Yesterday", the weekday within a week, else the full date. */
export function formatDay(ms: number, now: number = Date.now()): string {
  const today = startOfDay(now);
  const day = startOfDay(ms);
  if (day === today) return 'Today';
  if (day === startOfDay(today - DAY / 2)) return 'Yesterday';
  if (day > today - 7 * DAY && day < today) return dayName.format(ms);
  return dayDate.format(ms);
}

/** The full local date and time, to the second (message details). */
export function formatExact(ms: number): string {
  return exact.format(ms);
}

/** ISO 8601, for `<time datetime>`. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** How a chat's format is named in the popup. */
export const FORMAT_LABELS = { clm: 'CLM-compatible', sealed: 'Sealed', sealed2: 'Sealed, hiding chat and time' } as const;

/** Which secret a chat uses, in plain words. */
export const PHRASE_LABELS = { master: 'your profile phrase', own: 'its own phrase', contact: 'the key of your two cards' } as const;

export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** Which secret opened a message, in plain words. */
export const OPENED_WITH_LABELS = {
  'profile-phrase': 'Opened with your profile phrase',
  'chat-phrase': 'Opened with this chat’s phrase',
  'retired-phrase': 'Opened with a phrase this chat no longer uses',
  'contact-key': 'Opened with the key of your two cards',
  unknown: 'Saved before the extension recorded which phrase opened it',
} as const;

/** The same, as the value of an "Opened with" line. */
export const OPENED_WITH_SHORT = {
  'profile-phrase': 'your profile phrase',
  'chat-phrase': 'this chat’s phrase',
  'retired-phrase': 'a phrase this chat no longer uses',
  'contact-key': 'the key of your two cards',
  unknown: 'not recorded (saved by an earlier version)',
} as const;
