/**
 * No component holds a literal user-visible string: every word goes through t() so that both
 * catalogs can say it. Parsed with the TypeScript compiler, not matched with regular expressions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import en from '../../../public/_locales/en/messages.json';

/** Attributes whose values a person never reads (or that name things for code). */
const TECHNICAL_ATTRIBUTES = new Set([
  'class', 'className', 'id', 'key', 'scope', 'type', 'role', 'name', 'for', 'htmlFor', 'href', 'src', 'rel', 'accept', 'autoComplete',
  'inputMode', 'dateTime', 'lang', 'dir', 'fill', 'd', 'viewBox', 'shape-rendering', 'aria-live', 'aria-hidden', 'aria-current',
  'aria-labelledby', 'aria-describedby', 'aria-controls', 'value', 'target', 'method', 'spellcheck', 'data-state',
]);
/** Props that carry words for a person, wherever they are passed (components' own props too). */
const VISIBLE_PROPS = new Set(['label', 'title', 'text', 'hint', 'message', 'legend', 'question', 'confirmLabel', 'placeholder', 'alt', 'aria-label', 'aria-valuetext', 'backLabel', 'qrLabel', 'copiedStatus', 'emptyHint', 'masterHint', 'error', 'problem']);
/** Literal text that is the same in every language. */
const ALLOWED = [/^CLM$/, /^CLM\d?:?…?$/, /^CLMCHAT1:…$/, /^CLMCARD1:…$/, /^QR$/, /^DELETE$/, /^~\/\.config\/clm\/clm\.db$/, /^\{"c": "1", "e": 1736854567, "d": "…"\}$/];

const hasWords = (text: string) => /\p{L}{2,}/u.test(text);
/** A catalog key is a name, not words (`{ title: 'page_title_popup' }`). */
const KEYS = new Set(Object.keys(en));
const allowed = (text: string) => KEYS.has(text) || ALLOWED.some((re) => re.test(text.trim()));

function filesUnder(dir: string, test: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, test);
    return test(entry.name) ? [path] : [];
  });
}

export const COMPONENT_FILES = [
  ...filesUnder('components', (n) => n.endsWith('.tsx')),
  ...filesUnder('entrypoints', (n) => n.endsWith('.tsx')),
];

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** Literal strings a person would read, in one file's source. */
export function literalStrings(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: Finding[] = [];
  const report = (node: ts.Node, text: string) => {
    if (hasWords(text) && !allowed(text)) found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: text.trim() });
  };
  const literalText = (node: ts.Node): string | undefined => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
    return undefined;
  };
  /** Whether a literal sits where it becomes text: in a JSX child expression, or as a visible prop's value. */
  const inVisiblePlace = (node: ts.Node): boolean => {
    for (let at = node.parent as ts.Node | undefined; at !== undefined; at = at.parent as ts.Node | undefined) {
      if (ts.isJsxAttribute(at)) {
        const name = at.name.getText(sf);
        return !TECHNICAL_ATTRIBUTES.has(name) && !name.startsWith('on');
      }
      if (ts.isPropertyAssignment(at) || ts.isBindingElement(at) || ts.isParameter(at)) {
        const name = at.name.getText(sf);
        return VISIBLE_PROPS.has(name);
      }
      // Arguments of calls (t('key'), classList…) and indexes are code, not text.
      if (ts.isCallExpression(at) || ts.isElementAccessExpression(at) || ts.isBinaryExpression(at) && at.operatorToken.kind !== ts.SyntaxKind.QuestionQuestionToken && at.operatorToken.kind !== ts.SyntaxKind.BarBarToken && at.operatorToken.kind !== ts.SyntaxKind.AmpersandAmpersandToken) return false;
      if (ts.isJsxExpression(at)) return ts.isJsxElement(at.parent) || ts.isJsxFragment(at.parent);
      if (ts.isStatement(at) || ts.isFunctionLike(at)) return false;
    }
    return false;
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) report(node, node.text);
    else if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer)) {
      const name = node.name.getText(sf);
      if (!TECHNICAL_ATTRIBUTES.has(name)) report(node, node.initializer.text);
    } else {
      const text = literalText(node);
      if (text !== undefined && !ts.isJsxAttribute(node.parent) && !ts.isImportDeclaration(node.parent) && inVisiblePlace(node)) report(node, text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('components speak only through the catalogs', () => {
  it('finds the components and pages to check', () => {
    expect(COMPONENT_FILES.length).toBeGreaterThan(40);
  });

  it('no component or page holds a literal user-visible string', () => {
    const found = COMPONENT_FILES.flatMap((file) => literalStrings(file, readFileSync(file, 'utf8')));
    expect(found.map((f) => `${f.file}:${f.line}: ${f.text}`)).toEqual([]);
  });

  it.each([
    ['JSX text', '<p>Hello there</p>'],
    ['an aria-label', '<nav aria-label="Sections" />'],
    ['a placeholder', '<input placeholder="Search messages" />'],
    ['a component label', '<Field label="Your name" value="" />'],
    ['a string in a child expression', "<button>{busy ? 'Sending' : t('send')}</button>"],
    ['a template in a child expression', '<h2>{`Trash · ${n}`}</h2>'],
    ['an options list', "f({ options: [{ value: 'a', title: 'Sealed' }] })"],
    ['a default prop', "function P({ label = 'Pointer' }) { return <b>{label}</b>; }"],
  ])('notices %s put back', (_, snippet) => {
    expect(literalStrings('probe.tsx', `const x = ${snippet};`)).not.toEqual([]);
  });

  it.each([
    ['a key', "<p>{t('hello')}</p>"],
    ['a class', '<p class="muted small" />'],
    ['CLM', '<b>CLM</b>'],
    ['symbols', '<span>← · ✓</span>'],
    ['a placeholder that is a format', '<TextArea placeholder="CLMCHAT1:…" />'],
  ])('lets %s through', (_, snippet) => {
    expect(literalStrings('probe.tsx', `const x = ${snippet};`)).toEqual([]);
  });
});
