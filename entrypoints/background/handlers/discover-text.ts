/** The paste box's request: every pointer in pasted text, found as the menus find them, each discovered. */
import { extractPointersInSteps } from '../../../lib/text/extract.ts';
import type { Vault } from '../../../lib/vault/vault.ts';
import type { Handlers } from '../router.ts';

/** `pause`: awaited between steps of reading a long paste (see between-steps.ts). */
export function discoverTextHandler(vault: Vault, pause: () => Promise<void>): Handlers['discoverText'] {
  return async ({ text }) => {
    // Mangled pointers, several at once, prose around: the same finder as the menus.
    const { found, unreadable, truncated } = await extractPointersInSteps(text, pause);
    const results = found.length === 0 ? [] : await vault.discoverMany(found.map((f) => f.pointer));
    return { results, unreadable: [...unreadable], truncated };
  };
}
