/**
 * `npm run bench:smoke`: what `npm run bench` and `npm run bench:scale` run, in smoke mode
 * (`CLM_BENCH_SMOKE=1`, bench/mode.ts): every section of each, with small sizes and few runs — to
 * see that they run to their end, not to measure. Fails when one stops early, misses a section
 * or does not end with its JSON line. Expects the build in .output/chrome-mv3 (the npm script
 * builds it first).
 */
import { spawn } from 'node:child_process';

interface Step {
  readonly script: string;
  /** Lines that begin so must be in its output: one per section. */
  readonly sections: readonly (string | RegExp)[];
  /** Its last line is a JSON object. */
  readonly json: boolean;
}

const STEPS: readonly Step[] = [
  {
    script: 'bench/index.ts',
    sections: ['hmacDrbg scaling:', /^discover [\d,]+ pointers:/, 'drbgVsClm:', /^sealed [\d,]+ pointers/, 'sealed pointer against 100 chats', 'vault with ', 'vault KDF', /^(send one message through the background|through the extension: skipped)/],
    json: false,
  },
  { script: 'bench/contacts.ts', sections: ['open a v2 pointer, 100 keys'], json: true },
  { script: 'bench/scale.ts', sections: ['[scale] seeded', '[scale] page scans', '[scale] done'], json: true },
];

/** Runs `script` on this Node in smoke mode, its output passed through and kept. */
function run(script: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, CLM_BENCH_SMOKE: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, out });
    });
  });
}

const problems: string[] = [];
const took: string[] = [];
const started = Date.now();
for (const step of STEPS) {
  const t = Date.now();
  const { code, out } = await run(step.script);
  took.push(`${step.script} ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const lines = out.split('\n').filter((l) => l.trim() !== '');
  if (code !== 0) problems.push(`${step.script} exited with ${String(code)}`);
  for (const s of step.sections) {
    if (!lines.some((l) => (typeof s === 'string' ? l.startsWith(s) : s.test(l)))) problems.push(`${step.script} printed no line ${String(s)}`);
  }
  if (step.json) {
    let last: unknown;
    try {
      last = JSON.parse(lines.at(-1) ?? '');
    } catch {
      last = undefined;
    }
    if (typeof last !== 'object' || last === null) problems.push(`${step.script} did not end with its JSON line`);
  }
}
console.log(`# bench:smoke: ${took.join(', ')}; ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
if (problems.length > 0) {
  console.error(`# bench:smoke FAILED:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('# bench:smoke: every benchmark ran to its end');
