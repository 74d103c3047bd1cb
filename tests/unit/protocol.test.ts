import { describe, expect, it } from 'vitest';
import { checkResponse, parseRequest, ProtocolError } from '../../lib/wire/protocol.ts';
import { isExtensionPageSender } from '../../lib/wire/sender.ts';

const self = { id: 'abcdefghijklmnopabcdefghijklmnop', origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' };

describe('isExtensionPageSender', () => {
  it('accepts this extension’s own pages', () => {
    expect(isExtensionPageSender({ id: self.id, url: `${self.origin}/popup.html`, origin: self.origin }, self)).toBe(true);
    expect(isExtensionPageSender({ id: self.id, url: `${self.origin}/popup.html` }, self)).toBe(true);
  });

  it.each([
    ['a content script (our id, the page’s URL)', { id: self.id, url: 'https://example.com/', origin: 'https://example.com' }],
    ['another extension', { id: 'zzzz', url: 'chrome-extension://zzzz/popup.html' }],
    ['a sender with no URL', { id: self.id }],
    ['a sender with no id', { url: `${self.origin}/popup.html` }],
    ['a mismatching origin', { id: self.id, url: `${self.origin}/popup.html`, origin: 'https://evil.test' }],
    ['a look-alike host', { id: self.id, url: `chrome-extension://${self.id}.evil.test/popup.html` }],
    ['a data URL', { id: self.id, url: 'data:text/html,hi' }],
    ['garbage', { id: self.id, url: 'not a url' }],
  ])('refuses %s', (_, sender) => {
    expect(isExtensionPageSender(sender, self)).toBe(false);
  });
});

describe('parseRequest', () => {
  it('accepts a known request with valid fields', () => {
    expect(parseRequest({ type: 'getStatus', payload: {} })).toEqual({ type: 'getStatus', payload: {} });
    expect(parseRequest({ type: 'getStatus' })).toEqual({ type: 'getStatus', payload: {} });
  });

  it.each([
    ['a string', 'getStatus', 'invalid-request'],
    ['null', null, 'invalid-request'],
    ['an array', [], 'invalid-request'],
    ['an unknown type', { type: 'getPhrase', payload: {} }, 'unknown-request'],
    ['a prototype key as type', { type: 'toString', payload: {} }, 'unknown-request'],
    ['a non-string type', { type: 42, payload: {} }, 'unknown-request'],
    ['an extra envelope field', { type: 'getStatus', payload: {}, from: 'x' }, 'invalid-request'],
    ['an extra payload field', { type: 'getStatus', payload: { x: 1 } }, 'invalid-request'],
    ['a non-object payload', { type: 'getStatus', payload: 'x' }, 'invalid-request'],
  ])('refuses %s', (_, raw, code) => {
    let caught: unknown;
    try {
      parseRequest(raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProtocolError);
    expect((caught as ProtocolError).code).toBe(code);
  });
});

describe('checkResponse', () => {
  it('accepts an answer of the right shape and refuses any other, naming the field', () => {
    expect(checkResponse('getStatus', { state: 'locked', username: 'alice' })).toEqual({ state: 'locked', username: 'alice' });
    for (const wrong of [null, {}, { state: 'open', username: 'a' }, { state: 'locked', username: 'a', phrase: 'x' }, { state: 'locked', username: 5 }]) {
      expect(() => checkResponse('getStatus', wrong)).toThrow(ProtocolError);
    }
    expect(() => checkResponse('listChats', [{ id: '1' }])).toThrow(/reply\[0\]\./);
  });
});
