// `sync` without --province: the runs of the provinces the deployment selected (DVC_PROVINCES) —
// each framework a selected province lists, or the national framework for a province listing none
// (`qd766-2022@52`); with --framework, that framework's runs among them. Each run goes inline or to
// the queue as a single `sync` does; a failed run does not stop the others.
import type { AppContext } from '../app-context.js';
import { getFramework } from '../frameworks/framework.js';
import { loadProvinceConfigs, selectionText, syncEvaluations } from '../pipeline/province-config.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { runSyncInline, type SyncCommandOptions } from './sync-commands.js';

/**
 * Syncs the month for every selected evaluation (`frameworkNamed`: only the named framework's).
 * @example await runSyncSelection(ctx, io, { month, framework: 'dien-bien-xa-2023' }, false)
 */
export async function runSyncSelection(ctx: AppContext, io: CliIo, opts: SyncCommandOptions, frameworkNamed: boolean): Promise<void> {
  const framework = frameworkNamed ? getFramework(opts.framework, ctx.frameworks) : undefined;
  const evaluations = syncEvaluations(loadProvinceConfigs(), ctx.config.provinces, framework);
  if (!evaluations.length) {
    throw new CliError(
      `Không tỉnh nào được chọn để đồng bộ${framework ? ` theo bộ chỉ số ${framework.key}` : ''} (${selectionText(ctx.config.provinces)}); chỉ rõ tỉnh bằng --province hoặc đặt DVC_PROVINCES`,
      'NO_PROVINCE_SELECTED',
    );
  }
  const queued = ctx.config.redisUrl ? await import('./queue-commands.js') : null;
  const failed: CliError[] = [];
  for (const evaluation of evaluations) {
    const one = { ...opts, framework: evaluation.framework, provinces: evaluation.provinces };
    try {
      if (queued) await queued.runSyncQueued(ctx, io, one);
      else await runSyncInline(ctx, io, one);
    } catch (error) {
      // One run alone reports as before; among several, the others still run.
      if (!(error instanceof CliError) || evaluations.length === 1) throw error;
      io.err(`${evaluation.framework}: ${error.message}`);
      failed.push(error);
    }
  }
  if (failed.length) {
    throw new CliError(`${failed.length}/${evaluations.length} lượt chạy không thành công: ${failed.map((e) => e.message).join('; ')}`, failed[0]!.code);
  }
}
