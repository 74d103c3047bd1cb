import { UnlockScreen } from '../../../components/UnlockScreen.tsx';
import type { SessionModel } from '../models/session-model.ts';

/** The unlock form on the session: the popup and the menu windows unlock the same way. */
export function UnlockView({ session }: { readonly session: SessionModel }) {
  return (
    <UnlockScreen
      username={session.status.value?.username ?? ''}
      busy={session.busy.value === 'unlock'}
      error={session.formError.value}
      waitSeconds={session.waitSeconds.value}
      onSubmit={session.unlock}
    />
  );
}
