/**
 * Renders public/icons/icon.svg to the PNG sizes the web app manifest lists (browsers that install
 * a web app want PNGs beside the SVG), in the same Chromium the e2e tests use:
 *   node scripts/icons.mjs
 */
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { findChromium } from './systemDeps.mjs';

const svg = readFileSync(new URL('../public/icons/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: findChromium() ?? '/usr/bin/chromium' });
const page = await browser.newPage();
// The maskable icon keeps its drawing inside the central 80% safe zone, on a full-bleed background.
const sizes = [
  { file: 'icon-192.png', size: 192, inset: 0 },
  { file: 'icon-512.png', size: 512, inset: 0 },
  { file: 'icon-maskable-512.png', size: 512, inset: 0.1 },
];
for (const { file, size, inset } of sizes) {
  await page.setViewportSize({ width: size, height: size });
  const pad = size * inset;
  await page.setContent(
    `<body style="margin:0;background:${inset ? '#2563eb' : 'transparent'}">` +
      `<div style="padding:${pad}px;width:${size - 2 * pad}px;height:${size - 2 * pad}px">${svg.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body>`,
  );
  await page.screenshot({
    path: new URL(`../public/icons/${file}`, import.meta.url).pathname,
    omitBackground: !inset,
  });
}
await browser.close();
