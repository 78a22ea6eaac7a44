// Runs the CLI in-process (main() with captured output) or as a real child process.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `dvc-sync <args>` in this process with the given environment. */
export async function runCli(args: readonly string[], env: Record<string, string | undefined>): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(['node', 'dvc-sync', ...args], {
    env: { DVC_LOG_LEVEL: 'silent', ...env },
    out: (t) => (out += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => (err += t.endsWith('\n') ? t : `${t}\n`),
    isTty: false,
  });
  return { code, out, err };
}

export const BIN = fileURLToPath(new URL('../../bin/dvc-sync.js', import.meta.url));

/** Runs a program as a child process with only PATH, HOME and `env`, collecting its output. */
export function spawnProcess(command: string, args: readonly string[], env: Record<string, string | undefined>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

/** Runs the real executable (`node bin/dvc-sync.js`), asynchronously so in-process servers keep answering. */
export function spawnCli(args: readonly string[], env: Record<string, string | undefined>): Promise<CliRun> {
  return spawnProcess(process.execPath, [BIN, ...args], { DVC_LOG_LEVEL: 'warn', ...env });
}

/** Parses the rows of a printed appendix table (box-drawing layout). */
export function parsePrintedTable(text: string): { rank: number; name: string; cells: string[] }[] {
  return text
    .split('\n')
    .filter((line) => /^│\s+\d+ │/.test(line))
    .map((line) => {
      const cells = line.split('│').slice(1, -1).map((c) => c.trim());
      return { rank: Number(cells[0]), name: cells[1]!, cells: cells.slice(2) };
    });
}
