/**
 * Every word a person reads, in their language: `t(key, ...substitutions)` over the browser's
 * own i18n catalogs (`public/_locales/<lang>/messages.json`). Pure: the browser's lookup is
 * installed once per page by `platform/i18n.ts`; unit tests install the English catalog
 * (tests/unit/setup-i18n.ts). Nothing may call `t` while a module loads — only when rendering.
 * @module
 */
import type enCatalog from '../../public/_locales/en/messages.json';

/** The name of every message, checked at compile time against the English catalog. */
export type MessageKey = keyof typeof enCatalog;

/** Keys of plural families (`x_one`, `x_other`, and in Russian `x_few`, `x_many`), without the suffix. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}_other` ? Base : never) : never;

/** A catalog as the browser stores it. */
export type Catalog = Readonly<Record<string, { readonly message: string; readonly description?: string }>>;

export interface I18nBackend {
  /** The message in the catalog the browser chose, substitutions applied; '' when it has none. */
  readonly getMessage: (key: string, substitutions: readonly string[]) => string;
  /** The browser's interface language ("ru", "en-US"): dates and numbers follow it. */
  readonly uiLanguage: string;
}

/** `$1`…`$9` and `$$`, as `browser.i18n.getMessage` replaces them. */
export function substitute(message: string, substitutions: readonly string[]): string {
  return message.replace(/\$(\$|[1-9])/g, (_, which: string) => (which === '$' ? '$' : (substitutions[Number(which) - 1] ?? '')));
}

/** A backend over a catalog in memory (unit tests; any page before the browser's is installed). */
export function catalogBackend(catalog: Catalog, uiLanguage: string): I18nBackend {
  return {
    getMessage: (key, substitutions) => {
      const entry = Object.hasOwn(catalog, key) ? catalog[key] : undefined;
      return entry ? substitute(entry.message, substitutions) : '';
    },
    uiLanguage,
  };
}

let backend: I18nBackend = { getMessage: () => '', uiLanguage: 'en' };

/** Installs where messages come from (once per page, before the first render). */
export function installI18n(next: I18nBackend): void {
  backend = next;
}

/** Substitutions as the message shows them: numbers written as the interface language writes them. */
function asTexts(substitutions: readonly (string | number)[]): string[] {
  return substitutions.map((s) => (typeof s === 'number' ? formatNumber(s) : s));
}

/** A message; the key itself if no catalog has it (a test then fails loudly on the key). */
export function t(key: MessageKey, ...substitutions: readonly (string | number)[]): string {
  const message = backend.getMessage(key, asTexts(substitutions));
  return message === '' ? key : message;
}

/** The language of the catalog in use ("en", "ru"): what plural rules must follow. */
export function catalogLanguage(): string {
  return t('catalog_language');
}

/** The browser's interface language, for dates and numbers. */
export function uiLanguage(): string {
  return backend.uiLanguage;
}

/** A number as people of the interface language write it ("10,000" / "10 000"). */
export function formatNumber(n: number): string {
  return n.toLocaleString(uiLanguage());
}

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * A counted phrase: `plural('messages_count', 5)` picks `messages_count_many` in Russian
 * ("5 сообщений"), `messages_count_other` in English. `$1` is the number, further substitutions follow.
 */
export function plural(key: PluralKey, n: number, ...more: readonly (string | number)[]): string {
  const language = catalogLanguage();
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    pluralRules.set(language, rules);
  }
  const category = rules.select(n);
  const substitutions = asTexts([n, ...more]);
  const exact = backend.getMessage(`${key}_${category}`, substitutions);
  if (exact !== '') return exact;
  return t(`${key}_other` as MessageKey, ...substitutions);
}

/**
 * Between a sentence for the person and a technical detail in the same error string: the
 * background's detailed errors are English, and in another language they go behind "Details"
 * (components/ErrorNotice.tsx). Invisible and never typed, so it cannot come from a person.
 */
const DETAIL_SEPARATOR = '\u2063';

/** A sentence with a detail for "Details" (the detail is dropped if it says the same). */
export function withDetail(sentence: string, detail: string): string {
  return detail === '' || detail === sentence ? sentence : `${sentence}${DETAIL_SEPARATOR}${detail}`;
}

/** The two parts of a {@link withDetail} string (no detail: the string as it is). */
export function splitDetail(text: string): { readonly message: string; readonly detail: string | undefined } {
  const at = text.indexOf(DETAIL_SEPARATOR);
  return at < 0 ? { message: text, detail: undefined } : { message: text.slice(0, at), detail: text.slice(at + 1) };
}

/** Whether the interface speaks English (the language of the background's detailed errors). */
export function speaksEnglish(): boolean {
  return catalogLanguage() === 'en';
}
