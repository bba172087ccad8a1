/**
 * Draws Rollcall's app icons from public/favicon.svg (the one drawing): PNGs for home screens and
 * the web manifest, the apple-touch-icon, and favicon.ico (a 32 px PNG in an ICO container) for
 * browsers that ask for /favicon.ico. Run after changing the SVG: `node scripts/make-icons.mjs`.
 */
import fs from "node:fs";
import path from "node:path";
// sharp comes with Next.js (its image optimiser's optional dependency); only this maintainer script uses it.
import sharp from "sharp";

const dir = path.join(import.meta.dirname, "..", "public");
const svg = fs.readFileSync(path.join(dir, "favicon.svg"));

async function png(size) {
  return sharp(svg, { density: (72 * size) / 32 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/** An ICO file holding one PNG image (supported by every current browser). */
function ico(image, size) {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt8(0, 8); // no palette
  header.writeUInt8(0, 9);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(22, 18); // offset of the image
  return Buffer.concat([header, image]);
}

for (const [name, size] of [
  ["icon-192.png", 192],
  ["icon-512.png", 512],
  ["apple-touch-icon.png", 180],
]) {
  fs.writeFileSync(path.join(dir, name), await png(size));
}
fs.writeFileSync(path.join(dir, "favicon.ico"), ico(await png(32), 32));
