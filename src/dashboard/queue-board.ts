// bull-board for the pipeline's queues: one board per role on the same path. Admins get retry,
// clean and promote; viewers a read-only board (bull-board refuses its actions server-side too).
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { RequestHandler } from 'express';
import type { PipelineQueues } from '../../jobs/queues.js';

export interface QueueBoards {
  readonly admin: RequestHandler;
  readonly viewer: RequestHandler;
}

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
          boardTitle: readOnlyMode ? 'dvc-sync · chỉ xem' : 'dvc-sync',
          miscLinks: [{ text: '← Bảng điều khiển', url: '/thang' }],
          hideDocsLink: true,
        },
      },
    });
    return adapter.getRouter() as RequestHandler;
  };
  return { admin: board(false), viewer: board(true) };
}
