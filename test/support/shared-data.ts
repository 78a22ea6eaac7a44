// Where the shared data sets are: `shared/` beside the repository (as CI lays it out), or one level
// further up from a git worktree.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CANDIDATES = ['../../../shared/', '../../../../shared/'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

/**
 * The path of a file under shared/.
 * @example sharedPath('data/portal-real/service-results-2026-02.json')
 */
export function sharedPath(relative: string): string {
  const root = CANDIDATES.find((dir) => existsSync(dir)) ?? CANDIDATES[0]!;
  return `${root}${relative}`;
}
