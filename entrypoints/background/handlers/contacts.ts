/** Requests about contacts: the profile's card, adding a contact from theirs, verifying, a new identity. */
import type { Vault } from '../../../lib/vault/vault.ts';
import type { Handlers } from '../router.ts';

export function contactHandlers(vault: Vault): Pick<Handlers, 'getMyCard' | 'addContact' | 'setContactVerified' | 'newIdentity'> {
  return {
    getMyCard: () => vault.myCard(),
    addContact: (p) => vault.addContact(p),
    setContactVerified: (p) => vault.setContactVerified(p),
    newIdentity: () => vault.newIdentity(),
  };
}
