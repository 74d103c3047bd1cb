import { render } from 'preact';
import '../../components/theme.css';
import { request } from '../../platform/client.ts';
import { App } from './App.tsx';
import { createStatusModel } from './models/status-model.ts';

const statusModel = createStatusModel(() => request('getStatus', {}));
const root = document.getElementById('app');
if (root) {
  render(<App statusModel={statusModel} />, root);
  void statusModel.refresh();
}
