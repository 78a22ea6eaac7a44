// A decompression bomb in XLSX form: a few megabytes that inflate to a dossier list of 1,048,575
// rows (Excel's last row) whose dates are all impossible. Written as a ZIP by hand, the sheet
// deflated as it is generated, so the test never holds it in memory either.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { crc32, createDeflateRaw } from 'node:zlib';

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Danh sach" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;

// Shared strings keep each row short and alike, so it deflates like the bombs seen in the field.
const STRINGS = ['Đơn vị', 'Ngày tiếp nhận', 'Ngày hẹn trả', 'Ngày có kết quả', 'Hình thức nộp', 'UBND phường Him Lam', '31/02/2023', '35/02/2023', 'Trực tuyến'];
const SHARED_STRINGS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${STRINGS.length}" uniqueCount="${STRINGS.length}">${STRINGS.map((t) => `<si><t>${t}</t></si>`).join('')}</sst>`;

function cells(row: number, values: readonly (number | null)[]): string {
  return `<row r="${row}">${values.map((v, i) => (v === null ? '' : `<c r="${'ABCDE'[i]}${row}" t="s"><v>${v}</v></c>`)).join('')}</row>`;
}

function* sheetXml(rows: number): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  yield cells(1, [0, 1, 2, 3, 4]);
  let chunk = '';
  for (let r = 2; r <= rows; r++) {
    // Every date impossible (31 and 35 February): each row is refused.
    chunk += cells(r, [5, 6, 7, null, 8]);
    if (chunk.length > 256 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}</sheetData></worksheet>`;
}

interface Entry {
  name: string;
  crc: number;
  compressed: number;
  inflated: number;
  offset: number;
}

/**
 * Writes the bomb; returns its size on disk and inflated.
 * @example const { bytes, inflatedBytes } = await writeXlsxBomb('/tmp/bomb.xlsx')
 */
export async function writeXlsxBomb(path: string, rows = 1_048_575): Promise<{ bytes: number; inflatedBytes: number }> {
  const out = createWriteStream(path);
  let offset = 0;
  const write = async (buffer: Buffer) => {
    offset += buffer.length;
    if (!out.write(buffer)) await once(out, 'drain');
  };
  const entries: Entry[] = [];
  const addPart = async (name: string, parts: Iterable<string>) => {
    const nameBytes = Buffer.from(name);
    const start = offset;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0808, 6); // sizes in a data descriptor; UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(nameBytes.length, 26);
    await write(Buffer.concat([local, nameBytes]));
    const deflate = createDeflateRaw({ level: 6 });
    const compressedChunks: Buffer[] = [];
    let compressed = 0;
    deflate.on('data', (c: Buffer) => compressedChunks.push(c));
    let crc = 0;
    let inflated = 0;
    for (const part of parts) {
      const bytes = Buffer.from(part);
      crc = crc32(bytes, crc);
      inflated += bytes.length;
      if (!deflate.write(bytes)) await once(deflate, 'drain');
      for (const c of compressedChunks.splice(0)) (compressed += c.length), await write(c);
    }
    deflate.end();
    await once(deflate, 'end');
    for (const c of compressedChunks.splice(0)) (compressed += c.length), await write(c);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(inflated, 12);
    await write(descriptor);
    entries.push({ name, crc: crc >>> 0, compressed, inflated, offset: start });
  };
  await addPart('[Content_Types].xml', [CONTENT_TYPES]);
  await addPart('_rels/.rels', [ROOT_RELS]);
  await addPart('xl/workbook.xml', [WORKBOOK]);
  await addPart('xl/_rels/workbook.xml.rels', [WORKBOOK_RELS]);
  await addPart('xl/sharedStrings.xml', [SHARED_STRINGS]);
  await addPart('xl/worksheets/sheet1.xml', sheetXml(rows));
  const directoryStart = offset;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0808, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(e.crc, 16);
    header.writeUInt32LE(e.compressed, 20);
    header.writeUInt32LE(e.inflated, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(e.offset, 42);
    await write(Buffer.concat([header, name]));
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(offset - directoryStart, 12);
  end.writeUInt32LE(directoryStart, 16);
  await write(end);
  out.end();
  await once(out, 'finish');
  return { bytes: offset, inflatedBytes: entries.reduce((s, e) => s + e.inflated, 0) };
}
