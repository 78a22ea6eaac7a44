// Reading a low-variety CSV field (unit name, channel, status, Có/Không) without decoding a string
// per row: the field's bytes are hashed and looked up among the values already seen, and only a
// value seen for the first time is decoded and classified. Bounded so a column of unique values
// (mapped by mistake) cannot make memory grow with the file. Spreadsheet cells, already strings,
// use the same classification through a plain map.
import type { CsvRecord } from './csv-record-splitter.js';

interface Entry<T> {
  readonly key: Buffer;
  readonly value: T;
}

/**
 * Classifies field values through a cache keyed by their bytes.
 * @example const channel = new InternedField((text) => text.includes('tuyến')); channel.get(record, 8)
 */
export class InternedField<T> {
  readonly #buckets = new Map<number, Entry<T>[]>();
  readonly #byText = new Map<string, T>();
  #size = 0;

  constructor(
    readonly classify: (text: string) => T,
    readonly maxEntries = 20_000,
  ) {}

  /** The classification of field `index` of a record (an absent field reads as ''). */
  get(record: CsvRecord, index: number): T {
    if (index >= record.fieldCount) return this.#lookup(record.buffer, 0, 0, record, index);
    return this.#lookup(record.buffer, record.starts[index]!, record.ends[index]!, record, index);
  }

  /** The classification of a value already decoded (spreadsheet cells). */
  getText(text: string): T {
    const known = this.#byText.get(text);
    if (known !== undefined || this.#byText.has(text)) return known as T;
    const value = this.classify(text);
    if (this.#byText.size < this.maxEntries) this.#byText.set(text, value);
    return value;
  }

  #lookup(bytes: Buffer, start: number, end: number, record: CsvRecord, index: number): T {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    const bucket = this.#buckets.get(hash);
    if (bucket !== undefined) {
      const length = end - start;
      for (const entry of bucket) {
        const key = entry.key;
        if (key.length !== length) continue;
        let same = true;
        for (let k = 0; k < length; k++) {
          if (key[k] !== bytes[start + k]) {
            same = false;
            break;
          }
        }
        if (same) return entry.value;
      }
    }
    const value = this.classify(record.text(index));
    if (this.#size < this.maxEntries) {
      const entry = { key: Buffer.from(bytes.subarray(start, end)), value };
      if (bucket === undefined) this.#buckets.set(hash, [entry]);
      else bucket.push(entry);
      this.#size++;
    }
    return value;
  }
}
