/**
 * The two catalogs say the same things: the same keys (plural families complete for each
 * language's plural rules), the same placeholders, no empty message; every key the code asks for
 * exists, and every key is asked for somewhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import en from '../../../public/_locales/en/messages.json';
import ru from '../../../public/_locales/ru/messages.json';
import { catalogBackend, type Catalog, installI18n, plural, t } from '../../../lib/i18n/i18n.ts';
import { formatDay, formatExact, formatWhen } from '../../../components/format.ts';

const CATALOGS: Record<string, Catalog> = { en, ru };
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Keys without their plural suffix, and which plural categories each family has. */
function families(catalog: Catalog): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of Object.keys(catalog)) {
    const m = PLURAL.exec(key);
    const base = m ? key.slice(0, m.index) : key;
    const set = out.get(base) ?? new Set<string>();
    if (m?.[1] !== undefined) set.add(m[1]);
    out.set(base, set);
  }
  return out;
}

const placeholders = (message: string) => [...new Set(message.match(/\$[1-9]/g) ?? [])].sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(e.name) ? [path] : [];
  });
}
const SOURCE = [...['components', 'entrypoints', 'models', 'platform', 'lib'].flatMap(sourceFiles), 'wxt.config.ts'].map((f) => readFileSync(f, 'utf8')).join('\n');

describe('the catalogs', () => {
  it('name every message as Chrome allows ([A-Za-z0-9_]) and leave none empty', () => {
    for (const catalog of Object.values(CATALOGS)) {
      for (const [key, entry] of Object.entries(catalog)) {
        expect(key).toMatch(/^[A-Za-z0-9_]+$/);
        expect(entry.message.trim(), key).not.toBe('');
        // Chrome may trim: a message never starts or ends with a space.
        expect(entry.message, key).toBe(entry.message.trim());
      }
    }
  });

  it('have the same keys in English and Russian, plural families complete for each language', () => {
    const e = families(en);
    const r = families(ru);
    expect([...r.keys()].sort()).toEqual([...e.keys()].sort());
    for (const [lang, fams] of [['en', e], ['ru', r]] as const) {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories.filter((c) => c !== 'zero' && c !== 'two');
      for (const [base, cats] of fams) {
        if (cats.size === 0) continue;
        expect([...cats].sort(), `${lang} ${base}`).toEqual([...categories].sort());
      }
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, entry] of Object.entries(en)) {
      const m = PLURAL.exec(key);
      const ruKeys = m ? Object.keys(ru).filter((k) => k.startsWith(key.slice(0, m.index + 1)) && PLURAL.test(k)) : [key];
      for (const k of ruKeys) {
        const other: Catalog[string] | undefined = Object.hasOwn(ru, k) ? (ru as Catalog)[k] : undefined;
        expect(other, k).toBeDefined();
        // A Russian "one" form may spell the number out ("A message was…" has no $1 in English).
        const want = placeholders(entry.message);
        const got = placeholders(other?.message ?? '');
        if (m) expect(got.filter((p) => p !== '$1'), k).toEqual(want.filter((p) => p !== '$1'));
        else expect(got, k).toEqual(want);
      }
    }
  });

  it('hold every key the code asks for', () => {
    const asked = [...SOURCE.matchAll(/\bt(?:Rich)?\(\s*'([A-Za-z0-9_]+)'/g)].map((m) => m[1]);
    const pluralAsked = [...SOURCE.matchAll(/\bplural\(\s*'([A-Za-z0-9_]+)'/g)].map((m) => `${m[1]}_other`);
    expect(asked.length).toBeGreaterThan(200);
    expect([...asked, ...pluralAsked].filter((k) => !Object.hasOwn(en, k))).toEqual([]);
  });

  it('hold no key that no code asks for', () => {
    const unused = [...families(en).keys()].filter((base) => !SOURCE.includes(`'${base}'`) && !SOURCE.includes(`__MSG_${base}__`));
    expect(unused).toEqual([]);
  });
});

describe('Russian', () => {
  afterEach(() => {
    installI18n(catalogBackend(en, 'en-US'));
  });

  it('counts with one, few and many', () => {
    installI18n(catalogBackend(ru, 'ru'));
    expect([1, 2, 5, 11, 21, 22, 25, 101].map((n) => plural('messages_count', n))).toEqual([
      '1 сообщение',
      '2 сообщения',
      '5 сообщений',
      '11 сообщений',
      '21 сообщение',
      '22 сообщения',
      '25 сообщений',
      '101 сообщение',
    ]);
    expect(plural('messages_count', 10_000)).toBe('10\u00a0000 сообщений');
  });

  it('writes dates and days in Russian', () => {
    installI18n(catalogBackend(ru, 'ru'));
    const now = new Date(2025, 0, 15, 12, 0).getTime();
    expect(formatDay(now, now)).toBe('Сегодня');
    expect(formatDay(now - 86_400_000, now)).toBe('Вчера');
    expect(formatWhen(new Date(2025, 0, 14, 9, 5).getTime(), now)).toMatch(/^Вчера 0?9:05$/);
    expect(formatDay(new Date(2025, 0, 13, 9, 5).getTime(), now)).toBe('Понедельник');
    expect(formatExact(new Date(2024, 2, 8, 14, 5, 9).getTime())).toMatch(/^8 мар\.? 2024 г\., 14:05:09$/);
  });

  it('English is as it was', () => {
    expect(plural('messages_count', 1)).toBe('1 message');
    expect(plural('messages_count', 2)).toBe('2 messages');
    const now = new Date(2025, 0, 15, 12, 0).getTime();
    expect(formatDay(now - 86_400_000, now)).toBe('Yesterday');
    expect(t('unlock_wait', 3)).toBe('Try again in 3 s.');
  });
});
