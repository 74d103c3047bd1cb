// When the popup's own code starts running (the rest is the browser loading the page).
performance.mark('clm:script');
import { render } from 'preact';
import '../../components/theme.css';
import { copyText } from '../../platform/clipboard.ts';
import { request, takeEarlyStatus } from '../../platform/client.ts';
import { openExtensionTab } from '../../platform/windows.ts';
import { App } from './App.tsx';
import { createModels } from '../../models/index.ts';
import { installBrowserI18n } from '../../platform/i18n.ts';

installBrowserI18n({ title: 'page_title_popup' });

const models = createModels(request, {
  writeText: copyText,
  openImportPage: () => {
    void openExtensionTab('/import.html').then(() => {
      // A popup closes when a tab takes the focus; closing it here does the same on every browser.
      window.close();
    });
  },
  firstStatus: takeEarlyStatus(),
});
const root = document.getElementById('app');
if (root) {
  render(<App m={models} />, root);
  void models.session.refresh();
}
