// The deployment id kept in the database (one row, made by migration 0005). Everything a deployment
// puts in Redis lives under a prefix built from it, so the database decides which jobs are its own.
import type { Db } from './database.js';

/**
 * This database's deployment id.
 * @example await deploymentId(ctx.store.db) // '3f9a1c2b7e10'
 */
export async function deploymentId(db: Db): Promise<string> {
  const row = await db.selectFrom('deployment').select('id').executeTakeFirst();
  if (!row) throw new Error('Bảng deployment trống: cơ sở dữ liệu chưa được nâng cấp đầy đủ (chạy lại migration 0005-queue-deployment)');
  return row.id;
}

/**
 * The namespace (BullMQ key prefix) of this deployment's queues in Redis.
 * @example await deploymentNamespace(ctx.store.db) // 'dvc:3f9a1c2b7e10'
 */
export async function deploymentNamespace(db: Db): Promise<string> {
  return `dvc:${await deploymentId(db)}`;
}
