// When the popup's own code starts running (the rest is the browser loading the page).
performance.mark('clm:script');
import { render } from 'preact';
import '../../components/theme.css';
import { copyText } from '../../platform/clipboard.ts';
import { request } from '../../platform/client.ts';
import { App } from './App.tsx';
import { createModels } from '../../models/index.ts';

const models = createModels(request, copyText);
const root = document.getElementById('app');
if (root) {
  render(<App m={models} />, root);
  void models.session.refresh();
}
