/**
 * Unit tests have no `browser.i18n`: every test reads the English catalog, as an English
 * browser would (tests of other languages install theirs and put this one back).
 */
import en from '../../public/_locales/en/messages.json';
import { catalogBackend, installI18n } from '../../lib/i18n/i18n.ts';

installI18n(catalogBackend(en, 'en-US'));
