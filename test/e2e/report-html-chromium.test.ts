// The HTML report in a real headless Chromium (Debian's `chromium` package): it opens without
// console errors or network requests, draws its charts at a readable size on a laptop screen, and
// a screenshot is written. Skipped, saying so in the test name, when no Chromium is installed
// (apt-get install -y chromium, or CHROMIUM=/path/to/chrome) - unless ZEEK_BUDGET_REQUIRE_CHROMIUM=1
// (CI sets it: there a missing Chromium fails). ZEEK_BUDGET_SCREENSHOT_DIR keeps the screenshot.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findChromium, openPage } from '../../scripts/headless-chromium.js';
import { CHART_PROBE } from '../../scripts/report-probe.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { cli, FAKE_ZEEK, REPO } from '../helpers/run-cli.js';

const tmp = useTempDir();
const chromium = findChromium();
const SKIP = chromium ? '' : ' [SKIPPED: no chromium (apt-get install -y chromium, or set CHROMIUM)]';
const withChromium = chromium ? test : test.skip;

if (!chromium && process.env.ZEEK_BUDGET_REQUIRE_CHROMIUM === '1') {
  test('Chromium is installed (ZEEK_BUDGET_REQUIRE_CHROMIUM=1)', () => {
    throw new Error('no chromium found: apt-get install -y chromium, or set CHROMIUM=/path/to/chrome');
  });
}
const PCAPS = path.join(REPO, 'pcaps');
const LEAKY = path.join(REPO, 'test', 'fixtures', 'zeek-scripts', 'leaky.zeek');

interface Probe {
  charts: number;
  smallest: { width: number; height: number } | null;
  drawn: number;
  clippedLabels: string[];
  subjects: number;
  failingSubjectParts: string[];
  pageWidth: number;
  viewportWidth: number;
}

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

withChromium(
  `the HTML report opens in Chromium without errors, shows its charts, and a screenshot is written${SKIP}`,
  async () => {
    const traces = `traces:\n  - ${PCAPS}/dns-300.pcap\n  - ${PCAPS}/tcp-churn-200.pcap\nrepeat: 2\n`;
    const env = { ZEEK: FAKE_ZEEK };
    writeFileSync(path.join(tmp(), 'demo.yaml'), traces);
    expect((await cli(['budget', '--no-progress', 'demo.yaml', '--update'], { cwd: tmp(), env })).code).toBe(0);
    writeFileSync(
      path.join(tmp(), 'demo.yaml'),
      `${traces}zeek:\n  scripts: [${LEAKY}]\nbudgets:\n  - total: true\n    increase: { percent: 1 }\n  - variable: "Leaky::*"\n    max: 100\n  - timing: wall\n    max: 5s\n`,
    );
    const r = await cli(['budget', '--no-progress', 'demo.yaml', '--reporter', 'html=report.html', '--reporter', 'junit=junit.xml'], { cwd: tmp(), env });
    expect(r.code).toBe(1);

    const page = await openPage(path.join(tmp(), 'report.html'), { chromium: chromium!, width: 1366, height: 768, evaluate: CHART_PROBE, screenshot: true });
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
    const probe = page.evaluated as Probe;
    // Per trace: total, Leaky::seen, module shares, timing; fewer would mean a chart went missing.
    expect(probe.subjects).toBe(2);
    expect(probe.charts).toBeGreaterThanOrEqual(8);
    expect(probe.drawn).toBeGreaterThan(40);
    expect(probe.smallest!.width).toBeGreaterThanOrEqual(300);
    expect(probe.smallest!.height).toBeGreaterThanOrEqual(100);
    expect(probe.clippedLabels).toEqual([]);
    // Failing rules first, charts after; and no sideways scrolling on a 1366 px laptop screen.
    expect(probe.failingSubjectParts.indexOf('table.checks')).toBeLessThan(probe.failingSubjectParts.indexOf('div.charts'));
    expect(probe.pageWidth).toBeLessThanOrEqual(probe.viewportWidth);

    const shot = path.join(tmp(), 'report.png');
    writeFileSync(shot, page.screenshot!);
    const size = pngSize(readFileSync(shot));
    expect(size.width).toBe(1366);
    expect(size.height).toBeGreaterThan(1500);
    if (process.env.ZEEK_BUDGET_SCREENSHOT_DIR) {
      mkdirSync(process.env.ZEEK_BUDGET_SCREENSHOT_DIR, { recursive: true });
      copyFileSync(shot, path.join(process.env.ZEEK_BUDGET_SCREENSHOT_DIR, 'report.png'));
      copyFileSync(path.join(tmp(), 'report.html'), path.join(process.env.ZEEK_BUDGET_SCREENSHOT_DIR, 'report.html'));
    }

    // The JUnit file through a real XML parser (the browser's): malformed XML gives a parsererror.
    const junit = JSON.stringify(readFileSync(path.join(tmp(), 'junit.xml'), 'utf8'));
    const parse = `(() => { const d = new DOMParser().parseFromString(${junit}, 'application/xml'); return [d.documentElement.nodeName, d.getElementsByTagName('parsererror').length, d.getElementsByTagName('testcase').length, d.getElementsByTagName('failure').length]; })()`;
    const xml = await openPage(path.join(tmp(), 'report.html'), { chromium: chromium!, evaluate: parse });
    // 2 traces x 3 rules; dns-300 grew its total 1.5% (over 1%), both traces leak over max 100.
    expect(xml.evaluated).toEqual(['testsuites', 0, 6, 3]);
  },
  60_000,
);

withChromium(
  `the Chromium check itself notices console errors and network requests${SKIP}`,
  async () => {
    const bad = path.join(tmp(), 'bad.html');
    writeFileSync(bad, '<!DOCTYPE html><title>x</title><img src="http://127.0.0.1:9/x.png"><script>console.error("boom")</script>');
    const page = await openPage(bad, { chromium: chromium!, timeoutMs: 20_000 });
    expect(page.errors.some((e) => e.includes('boom'))).toBe(true);
    expect(page.requests).toContain('http://127.0.0.1:9/x.png');
  },
  30_000,
);
