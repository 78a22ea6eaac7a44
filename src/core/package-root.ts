// Where the package's data files live (schema/*.json, examples/) whether this code runs from the
// TypeScript sources or compiled into dist/: data is read in place, never copied into dist.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The package root: the nearest folder above this module that holds package.json (found once).
 * @example packageRoot() // '/app' both for /app/src/core/package-root.ts and /app/dist/src/core/package-root.js
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  root = dir;
  return root;
}

/**
 * A path inside the package, for data shipped with it.
 * @example packagePath('schema', 'metrics.json')
 */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
