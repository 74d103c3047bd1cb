// sql.js's asm.js build: SQLite compiled to plain JavaScript (no WebAssembly, no eval), so the
// extension's strict script policy (`script-src 'self'`) needs no exception to run it.
declare module 'sql.js/dist/sql-asm.js' {
  import type initSqlJs from 'sql.js';
  const init: typeof initSqlJs;
  export default init;
}
