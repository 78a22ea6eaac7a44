// Runs `dvc-sync <args>` in this (child) process and prints one JSON line: exit code, output, peak
// RSS and seconds — for tests that bound what a command may cost in memory.
import { main } from '../../src/cli/main.js';

let peak = process.memoryUsage().rss;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
let out = '';
let err = '';
const started = performance.now();
const code = await main(['node', 'dvc-sync', ...process.argv.slice(2)], {
  env: process.env,
  out: (t) => (out += `${t}\n`),
  err: (t) => (err += `${t}\n`),
  isTty: false,
});
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(`${JSON.stringify({ code, out, err, peakRss: peak, seconds: (performance.now() - started) / 1000 })}\n`);
