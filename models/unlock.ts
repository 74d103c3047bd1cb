/** The unlock form's props, read from the session model: the popup and both menu windows unlock the same way. */
import type { SessionModel } from './session-model.ts';

export interface UnlockProps {
  readonly username: string;
  readonly busy: boolean;
  readonly error: string | null;
  readonly waitSeconds: number;
  readonly onSubmit: (phrase: string) => Promise<boolean>;
}

export function unlockProps(session: SessionModel): UnlockProps {
  return {
    username: session.status.value?.username ?? '',
    busy: session.busy.value === 'unlock',
    error: session.formError.value,
    waitSeconds: session.waitSeconds.value,
    onSubmit: session.unlock,
  };
}
