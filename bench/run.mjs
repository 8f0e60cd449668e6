#!/usr/bin/env node
// Runs every benchmark in sequence (each in its own process, one at a time so
// they do not load the machine for each other), then prints the Markdown
// report built from bench/results/*.json.
//
//   npm run bench                 # full durations
//   npm run bench -- --quick      # short durations (smoke run, ~5 min)
//   npm run bench -- --only weight,join
//   npm run bench -- --update-readme   # also rewrite the table in bench/README.md
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_DIR, ROOT, flag } from './lib/common.mjs';
import { report, updateReadme } from './lib/report.mjs';

const quick = process.argv.includes('--quick');
const only = flag('only', '')?.split(',').filter(Boolean);
const benches = [
  ['weight', []],
  ['server-kit', quick ? ['--rounds', '2', '--http-seconds', '3'] : []],
  ['chat-render', quick ? ['--messages', '2000'] : []],
  ['join', quick ? ['--rounds', '3'] : []],
  ['chat-throughput', quick ? ['--seconds', '10'] : []],
  ['fanout', quick ? ['--viewers', '4', '--seconds', '5'] : []],
];
const failed = [];
for (const [name, args] of benches) {
  if (only?.length && !only.includes(name)) continue;
  console.error(`\n\x1b[1m[bench] ${name} ${args.join(' ')}\x1b[0m`);
  const code = await new Promise((r) => {
    const child = spawn(process.execPath, [join(BENCH_DIR, `${name}.mjs`), ...args], { stdio: 'inherit', cwd: ROOT });
    child.on('exit', (c) => r(c ?? 1));
  });
  if (code !== 0) failed.push(name);
}
console.log('\n' + report());
if (process.argv.includes('--update-readme')) updateReadme();
if (failed.length) {
  console.error(`\n[bench] failed: ${failed.join(', ')}`);
  process.exit(1);
}
