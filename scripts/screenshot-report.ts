// Opens an HTML report in headless Chromium and writes a screenshot of the whole page: a check that
// the report renders (no console errors, no network requests, charts drawn) and a picture to look at.
//
//   npm run --silent build && node dist/scripts/screenshot-report.js report.html [shot.png] [--width 1366] [--clip x,y,w,h]
//
// Needs Chromium: `apt-get install -y chromium` (Debian), or CHROMIUM=/path/to/chrome.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { findChromium, openPage } from './headless-chromium.js';
import { CHART_PROBE } from './report-probe.js';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { width: { type: 'string', default: '1366' }, clip: { type: 'string' } } });
  const [report, out = report?.replace(/\.html?$/, '') + '.png'] = positionals;
  if (!report) {
    process.stderr.write('usage: screenshot-report REPORT.html [OUT.png] [--width PX]\n');
    return 2;
  }
  const chromium = findChromium();
  if (!chromium) {
    process.stderr.write('no chromium found (apt-get install -y chromium, or set CHROMIUM=/path/to/chrome)\n');
    return 3;
  }
  const [x = 0, y = 0, w = 0, h = 0] = values.clip?.split(',').map(Number) ?? [];
  const clip = values.clip ? { x, y, width: w, height: h } : undefined;
  const r = await openPage(report, { chromium, width: Number(values.width), evaluate: CHART_PROBE, screenshot: true, clip });
  if (r.screenshot) writeFileSync(out, r.screenshot);
  process.stdout.write(`${JSON.stringify({ ...(r.evaluated as object), errors: r.errors, requests: r.requests, screenshot: out }, null, 2)}\n`);
  return r.errors.length || r.requests.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 3;
  },
);
