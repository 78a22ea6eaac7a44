// Structured logs (pino, JSON lines) on stderr, so stdout stays clean for reports and piping.
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Creates the process logger; secrets are redacted wherever they might appear.
 * @example createLogger('info').info({ period: '2023-09' }, 'scored')
 */
export function createLogger(level: string = 'info'): Logger {
  return pino(
    {
      level,
      base: { app: 'dvc-sync' },
      redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'password', '*.password'], censor: '***' },
    },
    pino.destination(2),
  );
}
