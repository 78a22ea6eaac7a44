// bull-board for the pipeline's queues: one board per role on the same path. Admins get retry,
// clean and promote; viewers a read-only board (bull-board refuses its actions server-side too).
// The board is served offline-ready and in Vietnamese where it allows (queue-board-locale.ts): no
// Google Fonts request, system fonts, translated words, and a link back to the dashboard.
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { RequestHandler } from 'express';
import type { PipelineQueues } from '../../jobs/queues.js';
import { BOARD_LOCALE, boardMessages, localBoardPage } from './queue-board-locale.js';

export interface QueueBoards {
  readonly admin: RequestHandler;
  readonly viewer: RequestHandler;
}

const SYSTEM_FONTS = { 'font-sans': '"Segoe UI", "DejaVu Sans", Roboto, Arial, sans-serif', 'font-mono': '"DejaVu Sans Mono", Consolas, monospace' };

type Render = (path: string, options: object, callback: (error: Error | null, html?: string) => void) => void;

/**
 * Builds both boards, mounted by the caller at `basePath`.
 * @example const boards = queueBoards(queues); app.use('/queues', (req, res, next) => boards[role](req, res, next))
 */
export function queueBoards(queues: PipelineQueues, basePath = '/queues'): QueueBoards {
  const board = (readOnlyMode: boolean): RequestHandler => {
    const adapter = new ExpressAdapter();
    adapter.setBasePath(basePath);
    createBullBoard({
      queues: queues.all.map((q) => new BullMQAdapter(q, { readOnlyMode, allowRetries: !readOnlyMode })),
      serverAdapter: adapter,
      options: {
        uiConfig: {
          boardTitle: readOnlyMode ? 'dvc-sync · chỉ xem' : 'dvc-sync · hàng đợi',
          miscLinks: [{ text: '← Bảng điều khiển', url: '/thang' }],
          hideDocsLink: true,
          locale: { lng: BOARD_LOCALE },
          theme: { light: SYSTEM_FONTS, dark: SYSTEM_FONTS },
        },
      },
    });
    const app = adapter.getRouter() as { engines: Record<string, Render>; engine(ext: string, fn: Render): void } & RequestHandler;
    // The page is rendered by the board's template engine: strip the font request from what it renders.
    const render = app.engines['.ejs']!;
    app.engine('ejs', (path, options, callback) => render(path, options, (error, page) => callback(error, page === undefined ? page : localBoardPage(page))));
    const messages: RequestHandler = (req, res, next) => {
      if (req.path !== `/static/locales/${BOARD_LOCALE}/messages.json`) return app(req, res, next);
      res.type('application/json; charset=utf-8').set('Cache-Control', 'private, max-age=300').send(boardMessages());
    };
    return messages;
  };
  return { admin: board(false), viewer: board(true) };
}
