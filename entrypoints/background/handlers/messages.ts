/** Requests about messages: send, discover, history, and the trash. */
import type { Vault } from '../../../lib/vault/vault.ts';
import type { Handlers } from '../router.ts';

export function messageHandlers(
  vault: Vault,
): Pick<
  Handlers,
  'sendMessage' | 'discoverPointer' | 'listMessages' | 'getMessage' | 'trashMessage' | 'restoreMessage' | 'deleteMessageForever' | 'emptyTrash'
> {
  return {
    sendMessage: (p) => vault.send(p),
    discoverPointer: (p) => vault.discover(p),
    listMessages: (p) => vault.listMessages(p),
    getMessage: (p) => vault.getMessage(p),
    trashMessage: (p) => vault.trashMessage(p),
    restoreMessage: (p) => vault.restoreMessage(p),
    deleteMessageForever: (p) => vault.deleteMessageForever(p),
    emptyTrash: () => vault.emptyTrash(),
  };
}
