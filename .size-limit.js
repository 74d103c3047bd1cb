// size-limit: the popup's JavaScript budget, checked by `npm test` after a build (it fails above
// it). The files are every script popup.html loads with the chunks they import, found by
// scripts/bundle-size.ts, which also prints the figure after each build.
import { pageScriptSize, POPUP_JS_BUDGET_BYTES } from './scripts/bundle-size.ts';

export default [
  {
    name: 'popup JavaScript (what popup.html loads)',
    path: pageScriptSize('.output/chrome-mv3', 'popup.html').files,
    gzip: true,
    limit: `${POPUP_JS_BUDGET_BYTES} B`,
  },
];
