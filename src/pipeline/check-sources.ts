// `dvc-sync sources check`: every configured connector's check, with a clear message per source.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { createConnector } from '../../connectors/registry.js';
import type { AppContext } from '../app-context.js';
import { PostgresCircuitBreakerStore } from '../store/source-state-store.js';
import { liveSourceConfig, loadProvinceConfigs, type ProvinceConfig } from './province-config.js';

export interface SourceCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly message: string;
}

/**
 * Checks every enabled source of every configured province.
 * @example (await checkSources(ctx)).every((c) => c.ok)
 */
export async function checkSources(ctx: AppContext, provinces: readonly ProvinceConfig[] = loadProvinceConfigs()): Promise<SourceCheck[]> {
  const breaker = new PostgresCircuitBreakerStore(ctx.store.db);
  const checkLive = (province: ProvinceConfig, source: 'portal' | 'portal-legacy') => {
    const connector = createConnector(source, { breaker });
    return connector.check(connector.describe().configSchema.parse(liveSourceConfig(province, source, { baseUrl: ctx.config.portalUrl, pauseMs: 0 })));
  };
  const out: SourceCheck[] = [];
  for (const p of provinces) {
    if (p.portal.enabled) {
      const state = await breaker.get('portal');
      if (state.open) {
        out.push({ name: `portal/${p.code}`, ok: false, message: `Cầu dao đang mở từ ${state.openedAt?.toISOString() ?? '?'} (${state.reason ?? ''}); kiểm tra rồi chạy 'dvc-sync sources reset --source portal'` });
      } else {
        out.push({ name: `portal/${p.code}`, ...(await checkLive(p, 'portal')) });
      }
    }
    if (p.portalLegacy.enabled) {
      out.push({ name: `portal-legacy/${p.code}`, ...(await checkLive(p, 'portal-legacy')) });
    }
    if (p.oneDoor.enabled) {
      const root = ctx.config.oneDoorDir;
      if (!root && !p.oneDoor.exportUrl) {
        out.push({ name: `one-door/${p.code}`, ok: false, message: 'Chưa đặt DVC_ONE_DOOR_DIR (thư mục nhận tệp) và chưa cấu hình địa chỉ tải báo cáo' });
      } else if (root) {
        const dir = p.oneDoor.subfolder ? join(root, p.oneDoor.subfolder) : root;
        const readable = await access(dir).then(() => true, () => false);
        out.push({ name: `one-door/${p.code}`, ok: readable, message: readable ? `Thư mục nhận tệp ${dir} đọc được (tệp của tháng đặt trong ${dir}/<YYYY-MM>/)` : `Không đọc được thư mục nhận tệp ${dir}` });
      }
      if (p.oneDoor.exportTokenEnv && !process.env[p.oneDoor.exportTokenEnv]) {
        out.push({ name: `one-door-export/${p.code}`, ok: false, message: `Thiếu biến môi trường ${p.oneDoor.exportTokenEnv} (mã truy cập tải báo cáo)` });
      }
    }
  }
  return out;
}
