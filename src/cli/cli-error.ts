// How the CLI reports failure: one Vietnamese line with the English error code, non-zero exit.
import { isDatabaseUnavailable } from '../store/database-errors.js';

/** An error meant for the operator: the message is shown as is, with its code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * One line for any error: "Lỗi [CODE]: message".
 * @example formatCliError(new CliError('Không tìm thấy tệp a.xlsx', 'FILE_NOT_FOUND')) // 'Lỗi [FILE_NOT_FOUND]: Không tìm thấy tệp a.xlsx'
 */
export function formatCliError(error: unknown): string {
  if (error instanceof Error && !(error instanceof CliError) && isDatabaseUnavailable(error)) {
    return `Lỗi [DATABASE_UNAVAILABLE]: Mất kết nối tới cơ sở dữ liệu (${error.message.replace(/\s*\n\s*/g, ' ') || (error as { code?: string }).code}); chạy lại lệnh khi cơ sở dữ liệu hoạt động trở lại`;
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const text = typeof code === 'string' && code ? code : error.name === 'ZodError' ? 'INVALID_INPUT' : 'UNEXPECTED';
    const message = error.message.replace(/\s*\n\s*/g, ' ').replace(/\s*\([A-Z_]+\)$/, '');
    return `Lỗi [${text}]: ${message}`;
  }
  return `Lỗi [UNEXPECTED]: ${String(error)}`;
}
