/** Requests about messages: send, discover (one pointer, or every pointer in pasted text), history, and the trash. */
import { extractPointersInSteps } from '../../../lib/text/extract.ts';
import type { Vault } from '../../../lib/vault/vault.ts';
import type { Handlers } from '../router.ts';

/** `pause`: awaited between steps of reading a long paste (see between-steps.ts). */
export function messageHandlers(
  vault: Vault,
  pause: () => Promise<void>,
): Pick<
  Handlers,
  'sendMessage' | 'discoverPointer' | 'discoverText' | 'listMessages' | 'getMessage' | 'trashMessage' | 'restoreMessage' | 'deleteMessageForever' | 'emptyTrash'
> {
  return {
    sendMessage: (p) => vault.send(p),
    discoverPointer: (p) => vault.discover(p),
    discoverText: async ({ text }) => {
      // The paste box finds pointers as the menus do: mangled, several at once, prose around.
      const { found, unreadable, truncated } = await extractPointersInSteps(text, pause);
      const results = found.length === 0 ? [] : await vault.discoverMany(found.map((f) => f.pointer));
      return { results, unreadable: [...unreadable], truncated };
    },
    listMessages: (p) => vault.listMessages(p),
    getMessage: (p) => vault.getMessage(p),
    trashMessage: (p) => vault.trashMessage(p),
    restoreMessage: (p) => vault.restoreMessage(p),
    deleteMessageForever: (p) => vault.deleteMessageForever(p),
    emptyTrash: () => vault.emptyTrash(),
  };
}
