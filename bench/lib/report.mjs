// Builds the Markdown tables of bench/README.md from bench/results/*.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, RESULTS_DIR, markdownTable } from './common.mjs';

const load = (name) => {
  const f = join(RESULTS_DIR, `${name}.json`);
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : undefined;
};

/** PASS / FAIL against the enforced limit, and whether an issue's goal below it is met. */
export function budgetStatus(b) {
  const status = b.gz <= b.limit ? 'PASS' : 'FAIL';
  if (b.goal === undefined) return status;
  return `${status}; goal ${(b.goal / 1024).toFixed(0)} KB ${b.gz <= b.goal ? 'met' : 'not met'}`;
}

export function report() {
  const out = [];
  const any = ['weight', 'server-kit', 'chat-render', 'join', 'chat-throughput', 'fanout'].map(load).find(Boolean);
  if (any) {
    const m = any.machine;
    out.push(`Machine: ${m.nproc} CPUs (${m.cpu}), ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.platform}.`);
  }
  const w = load('weight');
  if (w) {
    out.push(`\n### Weight (${w.date.slice(0, 10)})\n`, markdownTable(w.rows), '', markdownTable([['budget', 'gz KB', 'limit KB', 'status'], ...w.budgets.map((b) => [b.name, (b.gz / 1024).toFixed(1), String(+(b.limit / 1024).toFixed(2)), budgetStatus(b)])]));
  }
  const j = load('join');
  if (j) out.push(`\n### Join (${j.date.slice(0, 10)}, ${j.rounds} rounds each${j.load ? `, load average ${j.load.min}–${j.load.max}` : ''})\n`, markdownTable(j.rows));
  const cr = load('chat-render');
  if (cr) out.push(`\n### Chat rendering (${cr.date.slice(0, 10)}, ${cr.count} messages)\n`, markdownTable(cr.rows), '', markdownTable(cr.blockRows));
  const ct = load('chat-throughput');
  if (ct) out.push(`\n### Chat throughput (${ct.date.slice(0, 10)}, ${ct.rate} msgs/s for ${ct.seconds} s)\n`, markdownTable(ct.rows));
  const sk = load('server-kit');
  if (sk) out.push(`\n### Server kit (${sk.date.slice(0, 10)}, ${sk.rounds} rounds)\n`, markdownTable(sk.mintRows), '', markdownTable(sk.httpRows));
  const f = load('fanout');
  if (f) out.push(`\n### Viewer fan-out (${f.date.slice(0, 10)}, ${f.viewers} viewers, ${f.seconds} s window)\n`, markdownTable(f.rows));
  return out.join('\n');
}

export function updateReadme() {
  const file = join(BENCH_DIR, 'README.md');
  const text = readFileSync(file, 'utf8');
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  const i = text.indexOf(start);
  const k = text.indexOf(end);
  if (i < 0 || k < 0) throw new Error('bench/README.md has no results markers');
  writeFileSync(file, text.slice(0, i + start.length) + '\n' + report() + '\n' + text.slice(k));
}

if (process.argv[1]?.endsWith('report.mjs')) console.log(report());
