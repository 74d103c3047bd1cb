import { render } from 'preact';
import '../../components/theme.css';
import { request } from '../../platform/client.ts';
import { App } from './App.tsx';
import { createChatsModel } from './models/chats-model.ts';
import { createSessionModel } from './models/session-model.ts';

const session = createSessionModel(request);
const chats = createChatsModel(request);
const root = document.getElementById('app');
if (root) {
  render(<App session={session} chats={chats} />, root);
  void session.refresh();
}
