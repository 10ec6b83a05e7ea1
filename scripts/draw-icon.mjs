#!/usr/bin/env node
// Draws images/icon.png (128×128), the extension's icon: the startup view in miniature — an init
// step, a sidecar that stays, the app containers after them, on a dark rounded square.
// Dependency-free: pixels by hand, PNG by node:zlib. Run it again after changing it; the PNG is
// committed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = 128;
const SS = 4; // supersampling per axis

const BACKGROUND = [0x1f, 0x2a, 0x44];
const BLUE = [0x4f, 0x9c, 0xf5];
const PURPLE = [0xb1, 0x80, 0xf0];
const GREEN = [0x5c, 0xd0, 0x8a];
const ORANGE = [0xf5, 0xa6, 0x23];
const GRID = [0x3a, 0x48, 0x6a];

function insideRoundRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function insideDiamond(x, y, cx, cy, r) {
  return Math.abs(x - cx) + Math.abs(y - cy) <= r;
}

/** The colour at a point of the 128×128 canvas, or undefined (transparent). */
function shade(x, y) {
  if (!insideRoundRect(x, y, 4, 4, 124, 124, 22)) return undefined;
  if (insideDiamond(x, y, 70, 62, 9)) return ORANGE; // the sidecar's startup gate
  if (insideRoundRect(x, y, 22, 30, 54, 44, 4)) return BLUE; // init container: runs, exits
  if (insideRoundRect(x, y, 56, 55, 108, 69, 4)) return PURPLE; // sidecar: starts, stays
  if (insideRoundRect(x, y, 80, 80, 108, 94, 4)) return GREEN; // app containers
  if (insideRoundRect(x, y, 80, 97, 104, 104, 3)) return GREEN;
  if ((Math.abs(x - 55) < 0.8 || Math.abs(x - 79) < 0.8) && y > 22 && y < 110) return GRID; // phase lines
  return BACKGROUND;
}

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export function drawIcon() {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    raw[y * (SIZE * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = shade(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const o = y * (SIZE * 4 + 1) + 1 + x * 4;
      raw[o] = a ? Math.round(r / a) : 0;
      raw[o + 1] = a ? Math.round(g / a) : 0;
      raw[o + 2] = a ? Math.round(b / a) : 0;
      raw[o + 3] = Math.round((a / (SS * SS)) * 255);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.join(ROOT, 'images', 'icon.png');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, drawIcon());
  process.stdout.write(`${path.relative(process.cwd(), out)}: ${fs.statSync(out).size} bytes\n`);
}
