// Where the CLI writes and what environment it reads: injectable so tests run commands in-process.
import { loadConfig } from '../config.js';
import { openAppContext, type AppContext } from '../app-context.js';
import { createLogger } from '../logger.js';

export interface CliIo {
  readonly env: Record<string, string | undefined>;
  out(text: string): void;
  err(text: string): void;
  readonly isTty: boolean;
}

export const processIo: CliIo = {
  env: process.env,
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  isTty: Boolean(process.stderr.isTTY),
};

/**
 * Opens the application context from the CLI's environment and always closes it (`defaultLogLevel`
 * applies when DVC_LOG_LEVEL is unset: 'info' for long-running roles).
 * @example await withContext(io, async (ctx) => scoreMonth(ctx, options))
 */
export async function withContext<T>(io: CliIo, work: (ctx: AppContext) => Promise<T>, defaultLogLevel: 'warn' | 'info' = 'warn'): Promise<T> {
  const config = loadConfig(io.env);
  // One-shot commands log warnings only (their output is the answer); daemons log what they do.
  const ctx = await openAppContext({ config, logger: createLogger(io.env.DVC_LOG_LEVEL ?? defaultLogLevel) });
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}
