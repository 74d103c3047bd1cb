import { render } from 'preact';
import '../../components/theme.css';
import { request } from '../../platform/client.ts';
import { createSessionModel } from '../../models/session-model.ts';
import { App } from './App.tsx';
import { createDiscoveryModel } from '../../models/discovery-model.ts';
import { installBrowserI18n } from '../../platform/i18n.ts';

installBrowserI18n({ title: 'page_title_discover' });

const jobId = new URLSearchParams(location.search).get('job') ?? '';
const session = createSessionModel(request);
const discovery = createDiscoveryModel(request, jobId);
const root = document.getElementById('app');
if (root) {
  render(
    <App
      session={session}
      discovery={discovery}
      onClose={() => {
        window.close();
      }}
    />,
    root,
  );
  void session.refresh();
}
