/**
 * What people type, cleaned as CLM 2.0.1 cleans it (Python's `str.strip()`), and refused where
 * CLM could not use it.
 * @module
 */
import { pythonStrip } from '../encoding/python-text.ts';
import { assessPhrase } from '../phrases/strength.ts';
import { VaultError } from './errors.ts';

/** CLM strips what people type with Python's `str.strip()`; so do we, so phrases match across apps. */
export function cleanPhrase(phrase: string): string {
  const stripped = pythonStrip(phrase);
  if (stripped === '') throw new VaultError('invalid-input', 'The phrase cannot be empty.');
  return stripped;
}

/**
 * A phrase being chosen now (the profile's, a chat's own), cleaned as {@link cleanPhrase}. A weak
 * one is refused unless the person said "use it anyway": one public pointer lets anyone test
 * guesses of it offline, fast. The popup asks the same question first; this is the rule for every
 * caller. (Phrases that already exist — an invite's, a CLM database's, a backup's — are not new.)
 * @throws {VaultError} `invalid-input` for an empty phrase, `weak-phrase` for a weak one without consent
 */
export function cleanNewPhrase(phrase: string, weakAccepted: boolean | undefined): string {
  const cleaned = cleanPhrase(phrase);
  if (weakAccepted !== true && assessPhrase(cleaned).weak) {
    throw new VaultError('weak-phrase', 'This phrase is weak: anyone with one of your pointers could guess it. Choose a stronger one, or confirm that you accept a weak phrase.');
  }
  return cleaned;
}

export function cleanUsername(username: string): string {
  const stripped = pythonStrip(username);
  if (stripped === '') throw new VaultError('invalid-input', 'Enter a name.');
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(stripped)) throw new VaultError('invalid-input', 'The name must be a single line.');
  if (stripped.includes(': ')) {
    throw new VaultError('invalid-input', 'The name cannot contain ": " — CLM splits a message at the first ": " to find who wrote it.');
  }
  return stripped;
}

export function cleanChatName(name: string): string {
  const stripped = pythonStrip(name);
  if (stripped === '') throw new VaultError('invalid-input', 'Enter a chat name.');
  return stripped;
}

