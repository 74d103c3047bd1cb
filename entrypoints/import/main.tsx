import { render } from 'preact';
import '../../components/theme.css';
import { request } from '../../platform/client.ts';
import { readBytes, readText, saveTextFile } from '../../platform/files.ts';
import { createImportModel } from '../../models/import-model.ts';
import { createSessionModel } from '../../models/session-model.ts';
import { App } from './App.tsx';
import { installBrowserI18n } from '../../platform/i18n.ts';

installBrowserI18n({ title: 'page_title_import' });

const session = createSessionModel(request);
const model = createImportModel(request, {
  // SQLite (sql.js, 1.4 MB) is loaded only when a CLM database is chosen.
  readDatabase: async (bytes) => (await import('../../lib/clm/database.ts')).readClmDatabase(bytes),
  saveFile: saveTextFile,
  onProfileChanged: () => session.refresh(),
});
const root = document.getElementById('app');
if (root) {
  render(<App session={session} model={model} files={{ readBytes, readText }} />, root);
  void session.refresh();
}
