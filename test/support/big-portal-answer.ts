// A local portal answering every request with one huge JSON body (streamed, never held whole),
// for the answer-size tests; run as a child process it also reports the peak RSS of a capture.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProvinceConfig } from '../../src/pipeline/province-config.js';
import { DIEN_BIEN_ROOT_ID } from './fake-portal.js';

/** Điện Biên with only the current portal API enabled: one capture task, no drop folder. */
export const PORTAL_ONLY_PROVINCE: ProvinceConfig = {
  code: '11',
  name: 'Tỉnh Điện Biên',
  frameworks: ['dien-bien-xa-2023'],
  portal: { enabled: true, rootDepartmentId: DIEN_BIEN_ROOT_ID },
  portalLegacy: { enabled: false, provinceId: null },
  oneDoor: { enabled: false, subfolder: null, exportUrl: null, exportTokenEnv: null },
};

/** One row of a synthetic evaluation answer: about 190 bytes, as the portal's rows are. */
function row(i: number): string {
  return `{"departmentId":"0000${String(i).padStart(8, '0')}-aaaa-4bbb-8ccc-000000000000","departmentName":"UBND xã Số ${i}","received":${i % 97},"resolved":${i % 89},"onTime":${i % 83},"score":${(i % 100) / 10},"level":"Cấp xã, phường, thị trấn"}`;
}

/**
 * Serves `{"data":{"evaluation":[…rows…]}}` with `rows` rows to every POST, as HTTP 201.
 * @example const portal = await startBigPortal(1_000_000); ...; await portal.close()
 */
export async function startBigPortal(rows: number): Promise<{ url: string; bytes: number; close(): Promise<void> }> {
  let bytes = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json' });
      let i = 0;
      let sent = 0;
      const write = (): void => {
        if (i === 0) sent += Buffer.byteLength('{"data":{"evaluation":[');
        if (i === 0) res.write('{"data":{"evaluation":[');
        while (i < rows) {
          let chunk = '';
          for (let n = 0; n < 2000 && i < rows; n++, i++) chunk += (i ? ',' : '') + row(i);
          sent += Buffer.byteLength(chunk);
          if (!res.write(chunk)) {
            res.once('drain', write);
            return;
          }
        }
        sent += 3;
        bytes = sent;
        res.end(']}}');
      };
      write();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get bytes() {
      return bytes;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
