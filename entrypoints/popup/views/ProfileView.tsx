import { useEffect } from 'preact/hooks';
import { ProfileScreen } from '../../../components/ProfileScreen.tsx';
import type { Models } from '../../../models/index.ts';

export function ProfileView({ m }: { readonly m: Models }) {
  useEffect(() => {
    void m.profile.load();
    void m.contacts.loadCard();
  }, [m]);
  const card = m.contacts.card.value?.card ?? null;
  return (
    <ProfileScreen
      profile={m.profile.profile.value}
      error={m.profile.error.value}
      keyCopied={m.copy.copied.value === 'public-key'}
      onCopyKey={(key) => void m.copy.copy('public-key', key)}
      onAutoLock={(minutes) => void m.profile.setAutoLock(minutes)}
      onChatNamesWhenLocked={(show) => void m.profile.setChatNamesWhenLocked(show)}
      onOpenImport={m.openImportPage}
      myCard={{
        card,
        error: m.contacts.cardError.value,
        copied: card !== null && m.copy.copied.value === `my-card:${card}`,
        onCopy: (text) => void m.copy.copy(`my-card:${text}`, text),
        renew: {
          busy: m.contacts.renewing.value,
          error: m.contacts.renewError.value,
          done: m.contacts.renewed.value,
          onNewIdentity: () => void m.contacts.newIdentity(),
        },
      }}
      change={{
        busy: m.profile.changing.value,
        error: m.profile.changeError.value,
        done: m.profile.changed.value,
        onChange: m.profile.changePhrase,
      }}
      remove={{ busy: m.profile.deleting.value, error: m.profile.deleteError.value, onDelete: m.profile.deleteProfile }}
    />
  );
}
