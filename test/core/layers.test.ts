// The layer check (npm run lint:layers) fails a wrong import with the rule's name: proved on a tiny
// tree built in a temporary folder and checked with the project's own configuration.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CONFIG = resolve('.dependency-cruiser.cjs');
const DEPCRUISE = resolve('node_modules/.bin/depcruise');

/** Writes files (path → content) under a fresh temporary folder laid out like the project. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dvc-layers-'));
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: true, noEmit: true } }));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

async function cruise(root: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(DEPCRUISE, ['src', 'connectors', '--config', CONFIG], { cwd: root });
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, out: failed.stdout };
  }
}

describe('layer check', () => {
  it('fails a connector that imports a store, naming the rule', async () => {
    const root = tree({
      'src/core/period.ts': 'export type Period = string;\n',
      'src/store/database.ts': "export const db = 'db';\n",
      'connectors/bad/bad-connector.ts': "import type { Period } from '../../src/core/period.js';\nimport { db } from '../../src/store/database.js';\nexport const p: Period = db;\n",
    });
    const { code, out } = await cruise(root);
    expect(code).not.toBe(0);
    expect(out).toMatch(/error connectors-import-only-the-kernel: connectors\/bad\/bad-connector\.ts → src\/store\/database\.ts/);
    expect(out).not.toMatch(/src\/core\/period\.ts/);
  });

  it('fails the kernel importing the rest of the project, and a store importing the registry', async () => {
    const root = tree({
      'src/core/period.ts': "import { label } from '../reports/label.js';\nexport const period = label;\n",
      'src/reports/label.ts': "export const label = 'x';\n",
      'src/store/capture-archive.ts': "import { createConnector } from '../../connectors/registry.js';\nexport const archive = createConnector;\n",
      'connectors/registry.ts': "export const createConnector = () => null;\n",
    });
    const { code, out } = await cruise(root);
    expect(code).not.toBe(0);
    expect(out).toMatch(/error kernel-imports-nothing: src\/core\/period\.ts → src\/reports\/label\.ts/);
    expect(out).toMatch(/error stores-know-no-connector: src\/store\/capture-archive\.ts → connectors\/registry\.ts/);
  });

  it('passes a tree that imports only downward', async () => {
    const root = tree({
      'src/core/period.ts': 'export type Period = string;\n',
      'connectors/registry.ts': "import type { Period } from '../src/core/period.js';\nexport const kinds = (p: Period) => [p];\n",
      'src/pipeline/capture-stage.ts': "import { kinds } from '../../connectors/registry.js';\nexport const stage = kinds;\n",
    });
    const { code, out } = await cruise(root);
    expect(out).toMatch(/no dependency violations found/);
    expect(code).toBe(0);
  });
});
