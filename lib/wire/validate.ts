/**
 * Small runtime checks for data that crosses a trust boundary: requests arriving at the
 * background, and records read back from storage. A check returns the value typed, or throws a
 * {@link ValidationError} naming the field and what is wrong with it, in words a person can read.
 * @module
 */
import { LibError } from '../errors.ts';

/** A value that failed a check; `path` names the field (e.g. `payload.text`). */
export class ValidationError extends LibError<'invalid'> {
  override readonly name = 'ValidationError';
  readonly path: string;
  constructor(path: string, message: string) {
    super('invalid', `${path}: ${message}`);
    this.path = path;
  }
}

/** A check: the value, typed, or a thrown {@link ValidationError}. */
export type Check<T> = (value: unknown, path: string) => T;
export type Checked<C> = C extends Check<infer T> ? T : never;

const fail = (path: string, message: string): never => {
  throw new ValidationError(path, message);
};

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

interface StringOptions {
  /** Minimum length in UTF-16 code units (default 0). */
  readonly min?: number;
  /** Maximum length in UTF-16 code units. */
  readonly max: number;
  /** Refuse ASCII control characters (tab and newline included). */
  readonly singleLine?: boolean;
}

/** A well-formed string (no unpaired surrogate) within length limits. */
export function string(options: StringOptions): Check<string> {
  return (value, path) => {
    if (typeof value !== 'string') return fail(path, 'must be text');
    if (value.length < (options.min ?? 0)) return fail(path, options.min === 1 ? 'must not be empty' : `must be at least ${options.min} characters`);
    if (value.length > options.max) return fail(path, `must be at most ${options.max} characters`);
    if (!value.isWellFormed()) return fail(path, 'contains an invalid character (an unpaired surrogate)');
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    if (options.singleLine && /[\u0000-\u001f\u007f]/.test(value)) return fail(path, 'must be a single line without control characters');
    return value;
  };
}

/** A safe integer in `[min, max]`. */
export function integer(min: number, max: number): Check<number> {
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return fail(path, 'must be a whole number');
    if (value < min || value > max) return fail(path, `must be from ${min} to ${max}`);
    return value;
  };
}

export const boolean: Check<boolean> = (value, path) => (typeof value === 'boolean' ? value : fail(path, 'must be true or false'));

/** One of the given literal values. */
export function oneOf<const T extends readonly (string | number)[]>(...values: T): Check<T[number]> {
  return (value, path) =>
    values.includes(value as T[number]) ? (value as T[number]) : fail(path, `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
}

/** `undefined`, or a value passing `check`. */
export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (value, path) => (value === undefined ? undefined : check(value, path));
}

/** `null`, or a value passing `check`. */
export function nullable<T>(check: Check<T>): Check<T | null> {
  return (value, path) => (value === null ? null : check(value, path));
}

/** An array of at most `max` items, each passing `check`. */
export function arrayOf<T>(check: Check<T>, max: number): Check<readonly T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return fail(path, 'must be a list');
    if (value.length > max) return fail(path, `must have at most ${max} items`);
    return value.map((item, i) => check(item, `${path}[${i}]`));
  };
}

/** An object used as a map from string keys to values passing `check`. */
export function recordOf<T>(check: Check<T>, max: number): Check<Record<string, T>> {
  return (value, path) => {
    if (!isPlainObject(value)) return fail(path, 'must be an object');
    const entries = Object.entries(value);
    if (entries.length > max) return fail(path, `must have at most ${max} entries`);
    const out: Record<string, T> = {};
    for (const [key, item] of entries) out[key] = check(item, `${path}.${key}`);
    return out;
  };
}

type Shape = Readonly<Record<string, Check<unknown>>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends Checked<S[K]> ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
/** The type an object check yields: keys whose check allows undefined become optional. */
export type ObjectOf<S extends Shape> = { -readonly [K in RequiredKeys<S>]: Checked<S[K]> } & {
  -readonly [K in OptionalKeys<S>]?: Checked<S[K]>;
};

/**
 * An object with exactly the keys of `shape` (unknown keys are refused: a request with a field we
 * do not know is a mistake or an attack, never something to ignore silently).
 */
export function object<const S extends Shape>(shape: S): Check<ObjectOf<S>> {
  return (value, path) => {
    if (!isPlainObject(value)) return fail(path, 'must be an object');
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(shape, key)) fail(`${path}.${key}`, 'is not a field of this request');
    }
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      const checked = check(value[key], `${path}.${key}`);
      if (checked !== undefined) out[key] = checked;
    }
    return out as ObjectOf<S>;
  };
}
