import { useEffect } from 'preact/hooks';
import { ProfileScreen } from '../../../components/ProfileScreen.tsx';
import type { Models } from '../../../models/index.ts';

export function ProfileView({ m }: { readonly m: Models }) {
  useEffect(() => {
    void m.profile.load();
  }, [m]);
  return (
    <ProfileScreen
      profile={m.profile.profile.value}
      error={m.profile.error.value}
      keyCopied={m.copy.copied.value === 'public-key'}
      onCopyKey={(key) => void m.copy.copy('public-key', key)}
      onAutoLock={(minutes) => void m.profile.setAutoLock(minutes)}
      onChatNamesWhenLocked={(show) => void m.profile.setChatNamesWhenLocked(show)}
      onOpenImport={m.openImportPage}
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
