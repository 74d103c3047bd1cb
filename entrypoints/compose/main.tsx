import { render } from 'preact';
import '../../components/theme.css';
import { copyText } from '../../platform/clipboard.ts';
import { request } from '../../platform/client.ts';
import { createCopyModel } from '../../models/copy-model.ts';
import { createSessionModel } from '../../models/session-model.ts';
import { App } from './App.tsx';
import { createComposeModel } from '../../models/compose-model.ts';
import { installBrowserI18n } from '../../platform/i18n.ts';

installBrowserI18n({ title: 'page_title_compose' });

const jobId = new URLSearchParams(location.search).get('job') ?? '';
const session = createSessionModel(request);
const compose = createComposeModel(request, jobId);
const root = document.getElementById('app');
if (root) {
  render(
    <App
      session={session}
      compose={compose}
      copy={createCopyModel(copyText)}
      onDone={() => {
        window.close();
      }}
    />,
    root,
  );
  void session.refresh();
}
