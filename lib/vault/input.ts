/**
 * What people type, cleaned as CLM 2.0.1 cleans it (Python's `str.strip()`), and refused where
 * CLM could not use it.
 * @module
 */
import { pythonStrip } from '../encoding/python-text.ts';
import { VaultError } from './errors.ts';

/** CLM strips what people type with Python's `str.strip()`; so do we, so phrases match across apps. */
export function cleanPhrase(phrase: string): string {
  const stripped = pythonStrip(phrase);
  if (stripped === '') throw new VaultError('invalid-input', 'The phrase cannot be empty.');
  return stripped;
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

