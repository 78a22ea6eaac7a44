// A streaming RFC 4180 record splitter working on raw bytes, chunk by chunk. Dossier lists run to
// millions of rows, so it allocates nothing per record: a record is a reused view of field offsets
// into the current chunk, and only the fields a caller asks for are ever decoded to strings.
// Handles quoted fields with commas and newlines, "" escapes, a UTF-8 BOM, LF and CRLF endings, and
// the ';' or tab separators that Excel writes under a Vietnamese locale (decimal comma).

const COMMA = 0x2c;
const SEMICOLON = 0x3b;
const TAB = 0x09;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Bit flags of a field. */
export const FIELD_QUOTED = 1;
export const FIELD_ESCAPED_QUOTE = 2;

/** One record seen through offsets into the current chunk; valid only during the callback. */
export class CsvRecord {
  buffer: Buffer = Buffer.alloc(0);
  /** Number of fields in this record. */
  fieldCount = 0;
  /** Physical line (1-based) where the record starts; a quoted newline makes records span lines. */
  line = 0;
  /** Set when a closing quote is followed by something other than a separator (kept, but suspect). */
  malformed = false;
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;

  constructor(capacity = 64) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  /** The decoded text of field `index` ('' when the record is shorter). */
  text(index: number): string {
    if (index >= this.fieldCount) return '';
    const text = this.buffer.toString('utf8', this.starts[index]!, this.ends[index]!);
    return (this.flags[index]! & FIELD_ESCAPED_QUOTE) !== 0 ? text.replaceAll('""', '"') : text;
  }

  /** True when every field is empty (a blank spacer line, or a line of bare commas). */
  isBlank(): boolean {
    for (let i = 0; i < this.fieldCount; i++) if (this.ends[i]! > this.starts[i]!) return false;
    return true;
  }

  grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const flags = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    flags.set(this.flags);
    this.starts = starts;
    this.ends = ends;
    this.flags = flags;
  }
}

/** A CSV that cannot be split at all (a quote that never closes). */
export class CsvFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

/**
 * Guesses the separator from the first bytes of a file: the one of ',', ';' and tab that a single
 * line (outside quotes) holds most of; title lines above the header hold few. Ties go to ','.
 * @example detectCsvDelimiter(Buffer.from('Mã hồ sơ;Đơn vị;Ngày tiếp nhận\n')) // 0x3b
 */
export function detectCsvDelimiter(sample: Uint8Array, maxLines = 30): number {
  const best = { [COMMA]: 0, [SEMICOLON]: 0, [TAB]: 0 } as Record<number, number>;
  const line = { [COMMA]: 0, [SEMICOLON]: 0, [TAB]: 0 } as Record<number, number>;
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < sample.length && lines < maxLines; i++) {
    const c = sample[i]!;
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === COMMA || c === SEMICOLON || c === TAB) line[c]!++;
    else if (c === LF) {
      for (const d of [COMMA, SEMICOLON, TAB]) {
        best[d] = Math.max(best[d]!, line[d]!);
        line[d] = 0;
      }
      lines++;
    }
  }
  for (const d of [COMMA, SEMICOLON, TAB]) best[d] = Math.max(best[d]!, line[d]!);
  if (best[SEMICOLON]! > best[COMMA]! && best[SEMICOLON]! >= best[TAB]!) return SEMICOLON;
  if (best[TAB]! > best[COMMA]! && best[TAB]! > best[SEMICOLON]!) return TAB;
  return COMMA;
}

/**
 * Splits CSV bytes into records as they arrive.
 * @example const s = new CsvRecordSplitter(); s.push(chunk, (r) => console.log(r.text(0))); s.finish(onRecord);
 */
export class CsvRecordSplitter {
  readonly #record = new CsvRecord();
  #rest: Buffer | null = null;
  #line = 1;
  #started = false;

  /**
   * @param maxRecordBytes largest single record accepted; a longer one means a quote that never closes
   * @param delimiter separator byte (',' by default; see detectCsvDelimiter)
   */
  constructor(
    readonly maxRecordBytes = 16 * 1024 * 1024,
    readonly delimiter = COMMA,
  ) {}

  /** Feeds one chunk; calls `onRecord` for every record completed in it. */
  push(chunk: Buffer, onRecord: (record: CsvRecord) => void): void {
    let buffer = this.#rest === null ? chunk : Buffer.concat([this.#rest, chunk]);
    if (!this.#started) {
      if (buffer.length < 3 && buffer.length > 0 && buffer[0] === 0xef) {
        this.#rest = buffer; // too short to tell whether it is a BOM
        return;
      }
      this.#started = true;
      if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) buffer = buffer.subarray(3);
    }
    const consumed = this.#split(buffer, false, onRecord);
    this.#rest = consumed < buffer.length ? buffer.subarray(consumed) : null;
    if (this.#rest !== null && this.#rest.length > this.maxRecordBytes) {
      throw new CsvFormatError(
        `Bản ghi bắt đầu ở dòng ${this.#line} dài hơn ${this.maxRecordBytes} byte: có thể thiếu dấu ngoặc kép đóng`,
        this.#line,
      );
    }
  }

  /** Ends the input: the last record may lack a final newline. */
  finish(onRecord: (record: CsvRecord) => void): void {
    const rest = this.#rest;
    this.#rest = null;
    if (rest === null || rest.length === 0) return;
    let buffer = rest;
    if (!this.#started && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) buffer = buffer.subarray(3);
    this.#started = true;
    this.#split(buffer, true, onRecord);
  }

  /** Splits as many whole records as the buffer holds; returns the offset of the first incomplete one. */
  #split(buffer: Buffer, final: boolean, onRecord: (record: CsvRecord) => void): number {
    const record = this.#record;
    const delimiter = this.delimiter;
    record.buffer = buffer;
    const n = buffer.length;
    let recordStart = 0;
    let i = 0;
    let line = this.#line;
    records: while (recordStart < n) {
      let field = 0;
      let newlines = 0;
      let malformed = false;
      i = recordStart;
      fields: for (;;) {
        if (field === record.starts.length) record.grow();
        let c = i < n ? buffer[i]! : -1;
        let j: number;
        if (c === QUOTE) {
          let flags = FIELD_QUOTED;
          j = i + 1;
          for (;;) {
            if (j >= n) {
              if (!final) break records;
              throw new CsvFormatError(`Dấu ngoặc kép mở ở dòng ${line} không được đóng đến hết tệp`, line);
            }
            c = buffer[j]!;
            if (c === QUOTE) {
              if (j + 1 >= n && !final) break records; // cannot tell "" from a closing quote yet
              if (buffer[j + 1] === QUOTE) {
                flags |= FIELD_ESCAPED_QUOTE;
                j += 2;
                continue;
              }
              break;
            }
            if (c === LF) newlines++;
            j++;
          }
          record.starts[field] = i + 1;
          record.ends[field] = j;
          record.flags[field] = flags;
          j++; // past the closing quote
          // Lenient: tolerate a CR, flag anything else, up to the separator.
          while (j < n) {
            c = buffer[j]!;
            if (c === delimiter || c === LF) break;
            if (c !== CR) malformed = true;
            j++;
          }
        } else {
          j = i;
          while (j < n) {
            c = buffer[j]!;
            if (c === delimiter || c === LF) break;
            j++;
          }
          record.starts[field] = i;
          record.ends[field] = j < n && c === LF && j > i && buffer[j - 1] === CR ? j - 1 : j;
          record.flags[field] = 0;
        }
        if (j >= n) {
          if (!final) break records;
          if (j > 0 && buffer[j - 1] === CR && record.flags[field] === 0 && record.ends[field] === j) record.ends[field] = j - 1;
          record.fieldCount = field + 1;
          record.line = line;
          record.malformed = malformed;
          onRecord(record);
          recordStart = n;
          break records;
        }
        if (c === delimiter) {
          field++;
          i = j + 1;
          continue fields;
        }
        // LF: the record is complete.
        record.fieldCount = field + 1;
        record.line = line;
        record.malformed = malformed;
        onRecord(record);
        line += 1 + newlines;
        recordStart = j + 1;
        continue records;
      }
    }
    this.#line = line;
    return recordStart;
  }
}
