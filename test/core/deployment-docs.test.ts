// docker-compose.yml is kept valid by reading (no Docker engine here): its commands must be the
// README's, and every role must get the settings it needs.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const compose = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The `command: [...]` arrays of the compose file, by service (a small reader for this file's style). */
function commands(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let service: string | null = null;
  for (const line of compose.split('\n')) {
    const name = /^ {2}([a-z-]+):\s*$/.exec(line);
    if (name) service = name[1]!;
    const command = /^ {4}command:\s*(\[.*\])\s*$/.exec(line);
    if (service && command) out.set(service, JSON.parse(command[1]!));
  }
  return out;
}

it('runs the roles the brief names', () => {
  expect([...commands().keys()].sort()).toEqual(['dashboard', 'migrate', 'redis', 'scheduler', 'worker']);
});

it('uses exactly the README commands for every dvc-sync role', () => {
  for (const [service, args] of commands()) {
    if (service === 'redis') continue;
    expect(readme, `README lacks the ${service} command`).toContain(`\`dvc-sync ${args.join(' ')}\``);
  }
});

it('takes every secret from the environment', () => {
  expect(compose).toMatch(/POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD:\?/);
  expect(compose).toMatch(/DVC_ADMIN_TOKEN: \$\{DVC_ADMIN_TOKEN:\?/);
  expect(compose).not.toMatch(/password:\s*['"]?[a-z0-9]{6,}/i);
});
