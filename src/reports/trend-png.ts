// A PNG rendering of a laid-out trend chart, for Word processors that cannot show SVG (docx requires
// a fallback image next to every SVG). No dependency: a small rasteriser plus zlib. Lines, dots and
// rectangles are drawn; of the text only axis numbers and month ticks (digits and "T") are, with a
// 5×7 bitmap font — the DOCX writes the legend as text under the image.
import { deflateSync } from 'node:zlib';
import type { ChartLayout, ChartPrimitive } from './trend-chart.js';

const GLYPHS: Record<string, readonly string[]> = {
  '0': ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  '1': ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  '2': ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  '3': ['11110', '00001', '00001', '01110', '00001', '00001', '11110'],
  '4': ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  '5': ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  '6': ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  '7': ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  '8': ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  '9': ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
  T: ['11111', '00100', '00100', '00100', '00100', '00100', '00100'],
};

class Canvas {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height * 3).fill(255);
  }

  set(x: number, y: number, rgb: readonly [number, number, number]): void {
    const px = Math.round(x);
    const py = Math.round(y);
    if (px < 0 || py < 0 || px >= this.width || py >= this.height) return;
    const i = (py * this.width + px) * 3;
    this.pixels[i] = rgb[0];
    this.pixels[i + 1] = rgb[1];
    this.pixels[i + 2] = rgb[2];
  }

  fillRect(x: number, y: number, w: number, h: number, rgb: readonly [number, number, number]): void {
    for (let py = Math.floor(y); py < Math.ceil(y + h); py++) for (let px = Math.floor(x); px < Math.ceil(x + w); px++) this.set(px, py, rgb);
  }

  disc(cx: number, cy: number, r: number, rgb: readonly [number, number, number]): void {
    for (let dy = -Math.ceil(r); dy <= Math.ceil(r); dy++) {
      for (let dx = -Math.ceil(r); dx <= Math.ceil(r); dx++) if (dx * dx + dy * dy <= r * r + 0.25) this.set(cx + dx, cy + dy, rgb);
    }
  }

  /** A thick line: discs stamped every half pixel; `dash` skips alternate segments. */
  line(x1: number, y1: number, x2: number, y2: number, width: number, rgb: readonly [number, number, number], dash = 0): void {
    const length = Math.hypot(x2 - x1, y2 - y1);
    const steps = Math.max(1, Math.ceil(length * 2));
    for (let i = 0; i <= steps; i++) {
      const along = (length * i) / steps;
      if (dash > 0 && Math.floor(along / dash) % 2 === 1) continue;
      const t = i / steps;
      const x = x1 + (x2 - x1) * t;
      const y = y1 + (y2 - y1) * t;
      if (width <= 1) this.set(x, y, rgb);
      else this.disc(x, y, width / 2, rgb);
    }
  }

  text(x: number, y: number, text: string, scale: number, anchor: 'start' | 'middle' | 'end', rgb: readonly [number, number, number]): void {
    const advance = 6 * scale;
    const width = text.length * advance - scale;
    let left = anchor === 'start' ? x : anchor === 'middle' ? x - width / 2 : x - width;
    const top = y - 7 * scale;
    for (const ch of text) {
      const glyph = GLYPHS[ch];
      glyph?.forEach((row, gy) => {
        for (let gx = 0; gx < 5; gx++) if (row[gx] === '1') this.fillRect(left + gx * scale, top + gy * scale, scale, scale, rgb);
      });
      left += advance;
    }
  }
}

function rgbOf(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(color)?.[1] ?? '000000';
  return [parseInt(hex.slice(0, 2), 16), parseInt(hex.slice(2, 4), 16), parseInt(hex.slice(4, 6), 16)];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function encodePng(canvas: Canvas): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(canvas.width, 0);
  header.writeUInt32BE(canvas.height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const stride = canvas.width * 3;
  const raw = Buffer.alloc((stride + 1) * canvas.height);
  for (let y = 0; y < canvas.height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    raw.set(canvas.pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * Rasterises a laid-out chart at `scale` × its size (2 gives a crisp image at the laid-out size).
 * @example writeFileSync('xu-huong.png', renderLayoutPng(layoutTrendChart(chart, { legend: false })))
 */
export function renderLayoutPng(layout: ChartLayout, scale = 2): Buffer {
  const canvas = new Canvas(Math.round(layout.width * scale), Math.round(layout.height * scale));
  for (const p of layout.primitives as readonly ChartPrimitive[]) {
    switch (p.kind) {
      case 'rect':
        canvas.fillRect(p.x * scale, p.y * scale, p.w * scale, p.h * scale, rgbOf(p.color));
        break;
      case 'line':
        canvas.line(p.x1 * scale, p.y1 * scale, p.x2 * scale, p.y2 * scale, p.width * scale, rgbOf(p.color), p.dash ? 5 * scale : 0);
        break;
      case 'polyline':
        for (let i = 1; i < p.points.length; i++) {
          const [x1, y1] = p.points[i - 1]!;
          const [x2, y2] = p.points[i]!;
          canvas.line(x1 * scale, y1 * scale, x2 * scale, y2 * scale, p.width * scale, rgbOf(p.color));
        }
        break;
      case 'dot':
        canvas.disc(p.x * scale, p.y * scale, p.r * scale, rgbOf(p.color));
        break;
      case 'text':
        // Only texts the bitmap font can write fully (axis numbers, month ticks) are drawn.
        if ([...p.text].every((ch) => ch in GLYPHS)) canvas.text(p.x * scale, p.y * scale, p.text, Math.max(1, Math.round((p.size / 9) * scale)), p.anchor, rgbOf(p.color));
        break;
    }
  }
  return encodePng(canvas);
}
