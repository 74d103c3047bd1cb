import { describe, expect, it } from 'vitest';
import { createNavigationModel, type Route } from '../../../models/navigation-model.ts';

describe('the navigation model', () => {
  it('starts on the Chats tab', () => {
    const nav = createNavigationModel();
    expect(nav.route.value).toEqual({ screen: 'chats' });
    expect(nav.tab.value).toBe('chats');
  });

  it('a tab is its own tab, and a chat belongs to Chats', () => {
    const nav = createNavigationModel();
    nav.go({ screen: 'trash' });
    expect(nav.route.value).toEqual({ screen: 'trash' });
    expect(nav.tab.value).toBe('trash');
    nav.go({ screen: 'profile' });
    expect(nav.tab.value).toBe('profile');
    nav.go({ screen: 'chat', chatId: '7' });
    expect(nav.route.value).toEqual({ screen: 'chat', chatId: '7' });
    expect(nav.tab.value).toBe('chats');
  });

  it('a message belongs to the tab it was opened from, through any depth of “back”', () => {
    const nav = createNavigationModel();
    nav.go({ screen: 'message', id: 3, back: { screen: 'history' } });
    expect(nav.tab.value).toBe('history');
    nav.go({ screen: 'message', id: 4, back: { screen: 'trash' } });
    expect(nav.tab.value).toBe('trash');
    const deep: Route = { screen: 'message', id: 5, back: { screen: 'message', id: 4, back: { screen: 'chat', chatId: '2' } } };
    nav.go(deep);
    expect(nav.route.value).toBe(deep);
    expect(nav.tab.value).toBe('chats');
    // Back to where the message was opened: the route is the one kept, not a copy.
    nav.go(deep.back);
    expect(nav.route.value).toEqual({ screen: 'message', id: 4, back: { screen: 'chat', chatId: '2' } });
    expect(nav.tab.value).toBe('chats');
  });
});
