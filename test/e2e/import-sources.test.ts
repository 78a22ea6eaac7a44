// `dvc-sync import` detects each kind of file an operator may bring: a one-door II.06a export, a
// dossier list, a browser-saved portal answer and a HAR capture; all go through the archive.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/backends.js';
import { runCli } from '../support/cli-runner.js';
import { DIEN_BIEN_ROOT_ID, dienBienPhuPortalDataset, startFakePortal } from '../support/fake-portal.js';
import { writeOneDoorExport } from '../support/one-door-export.js';

describe('dvc-sync import of every source kind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dvc-sync-import-'));
  const env: Record<string, string> = { DVC_SYNC_DATA_DIR: join(dir, 'data') };
  let drop: () => Promise<void>;
  let portal: Awaited<ReturnType<typeof startFakePortal>>;
  beforeAll(async () => {
    const database = await createTestDatabase();
    env.DATABASE_URL = database.url;
    drop = database.drop;
    portal = await startFakePortal(dienBienPhuPortalDataset());
  });
  afterAll(async () => {
    await portal.close();
    await drop();
  });

  it('detects a one-door export and a dossier list', async () => {
    const exportPath = join(dir, 'bieu-ii06a.xlsx');
    await writeOneDoorExport(exportPath);
    const list = join(dir, 'danh-sach-ho-so.csv');
    writeFileSync(
      list,
      '\ufeffMã hồ sơ,Cơ quan tiếp nhận,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Hình thức nộp\r\n' +
        'H1,UBND phường Him Lam,05/09/2023,08/09/2023,06/09/2023,Trực tuyến\r\n' +
        'H2,UBND phường Him Lam,31/02/2023,08/09/2023,06/09/2023,Trực tiếp\r\n',
    );
    const run = await runCli(['import', exportPath, list, '--month', '2023-09'], env);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/bieu-ii06a\.xlsx \[one-door\]: 96 giá trị của 12 đơn vị; 0 dòng\/ô bị cách ly/);
    expect(run.out).toMatch(/danh-sach-ho-so\.csv \[dossier-list\]: .* 1 dòng\/ô bị cách ly/);
    expect(run.out).toMatch(/31\/02\/2023/);
    const again = await runCli(['import', exportPath, '--month', '2023-09'], env);
    expect(again.out).toMatch(/đã nhập trước đó/);
    const quarantine = await runCli(['quarantine', '--month', '2023-09'], env);
    expect(quarantine.out).toMatch(/#\d+ \[Danh sách hồ sơ\] Tệp danh-sach-ho-so\.csv, dòng 3.*31\/02\/2023/);
    const onlyPortal = await runCli(['quarantine', '--month', '2023-09', '--source', 'portal'], env);
    expect(onlyPortal.out).toMatch(/không có dòng\/ô nào bị cách ly từ nguồn Cổng DVCQG/);
  });

  it('imports a saved portal answer and a HAR file through the same parse path', async () => {
    const ask = async (endpoint: string, body: object) => {
      const response = await fetch(`${portal.url}/api/v1/reporting/evaluation/${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, text: await response.text() };
    };
    const monthBody = { timeType: 'month', year: 2023, month: 9, rootDepartmentId: DIEN_BIEN_ROOT_ID, currentPage: 1, pageSize: 200 };
    const payment = await ask('formality-online-payment-tree', monthBody);
    expect(payment.status).toBe(201);
    const saved = join(dir, 'thanh-toan.json');
    writeFileSync(saved, payment.text);
    const fromBody = await runCli(['import', saved, '--month', '2023-09'], env);
    expect(fromBody.code).toBe(0);
    expect(fromBody.out).toMatch(/thanh-toan\.json|formality-online-payment-tree/);
    // 12 communes, the province itself (data.parent) and its department, kept as an agency with one note.
    expect(fromBody.out).toMatch(/\[portal\]: \d+ giá trị của 14 đơn vị; 0 dòng/);
    expect(fromBody.out).toMatch(/Lưu ý: 1 sở, ban, ngành của Tỉnh Điện Biên được ghi nhận là cơ quan cấp tỉnh/);

    const satisfactionBody = { fromDate: '2023-09-01', toDate: '2023-09-30', rootDepartmentId: DIEN_BIEN_ROOT_ID, currentPage: 1, pageSize: 200 };
    const satisfaction = await ask('handling-satisfaction', satisfactionBody);
    const entry = (endpoint: string, body: object, answer: { status: number; text: string }) => ({
      startedDateTime: '2023-10-02T08:00:00.000Z',
      request: { method: 'POST', url: `https://dichvucong.gov.vn/api/v1/reporting/evaluation/${endpoint}`, postData: { mimeType: 'application/json', text: JSON.stringify(body) } },
      response: { status: answer.status, content: { mimeType: 'application/json', text: answer.text } },
    });
    const har = join(dir, 'cong-dvc.har');
    writeFileSync(
      har,
      JSON.stringify({
        log: {
          entries: [
            entry('handling-satisfaction', satisfactionBody, satisfaction),
            { startedDateTime: '2023-10-02T08:00:01.000Z', request: { method: 'GET', url: 'https://dichvucong.gov.vn/p/home.html' }, response: { status: 200, content: { text: '<html></html>' } } },
          ],
        },
      }),
    );
    const fromHar = await runCli(['import', har, '--month', '2023-09'], env);
    expect(fromHar.code).toBe(0);
    expect(fromHar.err).toMatch(/1 mục HAR của địa chỉ khác được bỏ qua/);
    expect(fromHar.out).toMatch(/\[portal\]: \d+ giá trị của 13 đơn vị/);
    const wrongMonth = await runCli(['import', har, '--month', '2023-10'], env);
    expect(wrongMonth.code).not.toBe(0);
  });
});
