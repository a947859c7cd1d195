// Renders the app mark (public/atalaya.svg) into the RGBA PNG icons Tauri bundles.
// Run once after changing the mark: `node scripts/render-icons.mjs`; the PNGs are committed.
import { mkdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../tests/support/browser.mjs";

const ui = fileURLToPath(new URL("..", import.meta.url));
const iconsDir = `${ui}/../src-tauri/icons`;
const ICONS = {
  "32x32.png": 32,
  "128x128.png": 128,
  "128x128@2x.png": 256,
  "icon.png": 512,
};

const svg = await readFile(`${ui}/public/atalaya.svg`, "utf8");
await mkdir(iconsDir, { recursive: true });
const browser = await launchChromium();
try {
  for (const [name, size] of Object.entries(ICONS)) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const sized = svg.replace("<svg ", `<svg width="${size}" height="${size}" `);
    await page.setContent(`<body style="margin:0;background:transparent">${sized}</body>`);
    await page.screenshot({ path: `${iconsDir}/${name}`, omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
