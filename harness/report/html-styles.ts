/** The HTML report's stylesheet: laptop-sized, light and dark, no web fonts (nothing to fetch). */
export function htmlStyles(): string {
  return `
:root {
  --bg: #f7f7f5; --card: #ffffff; --text: #1d1f21; --muted: #6b7076; --line: #dcdfe3; --grid: #eceef0;
  --ok: #1a7f37; --fail: #c62828; --warn: #9a6700; --current: #1f5fbf; --baseline: #8a9099; --head: #f0f1f3;
  --fail-bg: #fdecec; --warn-bg: #fff6dd; --ok-bg: #e8f5ec;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15171a; --card: #1d2024; --text: #e6e6e6; --muted: #9aa0a6; --line: #33373c; --grid: #2a2e33;
    --ok: #4cc36e; --fail: #ff6b6b; --warn: #e3b341; --current: #6ea8ff; --baseline: #8a9099; --head: #24282d;
    --fail-bg: #3a1f21; --warn-bg: #3a3220; --ok-bg: #1e3326;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 20px 24px 40px; }
h1 { font-size: 22px; margin: 0 0 6px; }
h2 { font-size: 18px; margin: 28px 0 6px; }
h3 { font-size: 15px; margin: 0 0 4px; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
a { color: var(--current); }
.facts { color: var(--muted); margin: 2px 0 10px; }
.sides { margin: 2px 0 10px; line-height: 1.6; }
.muted { color: var(--muted); }
.badge { display: inline-block; min-width: 44px; padding: 1px 7px; border-radius: 4px; font-size: 12px; font-weight: 700; text-align: center; letter-spacing: .3px; color: #fff; vertical-align: 1px; }
.badge.ok { background: var(--ok); } .badge.fail { background: var(--fail); } .badge.warn { background: var(--warn); } .badge.unchecked { background: var(--baseline); }
.stats { display: flex; gap: 10px; flex-wrap: wrap; margin: 8px 0; }
.stat { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; color: var(--muted); }
.stat b { font-size: 18px; color: var(--text); margin-right: 2px; }
.stat.fail b { color: var(--fail); } .stat.warn b { color: var(--warn); } .stat.ok b { color: var(--ok); }
.summary, .subject, .runfail-box { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 12px 0; }
.subject.fail { border-left: 5px solid var(--fail); } .subject.warn { border-left: 5px solid var(--warn); } .subject.ok { border-left: 5px solid var(--ok); }
.runfail-box { border-left: 5px solid var(--fail); background: var(--fail-bg); }
.runfail-box pre { white-space: pre-wrap; margin: 4px 0; }
.allgood { color: var(--ok); font-weight: 600; margin: 0; }
ul.warnings { margin: 4px 0 10px; padding-left: 20px; color: var(--warn); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 8px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--head); font-weight: 600; font-size: 12.5px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.reason { max-width: 380px; }
tr.fail td { background: var(--fail-bg); } tr.warn td { background: var(--warn-bg); }
table.changes { width: auto; min-width: 60%; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 12px; margin-top: 10px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px; background: var(--card); }
figcaption { font-size: 12.5px; color: var(--muted); margin-top: 4px; }
figcaption b { color: var(--text); font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-weight: 600; }
svg.chart { display: block; width: 100%; height: auto; max-width: 560px; }
svg .grid { stroke: var(--grid); stroke-width: 1; }
svg .tick, svg .legend, svg .axis-title, svg .bar-label { fill: var(--muted); font-size: 11px; font-family: system-ui, sans-serif; }
svg .bar-label { fill: var(--text); }
svg .line { fill: none; stroke-width: 2; }
svg .legend-swatch { stroke-width: 3; }
svg .series-current { stroke: var(--current); fill: var(--current); }
svg .series-fail { stroke: var(--fail); fill: var(--fail); }
svg .series-baseline { stroke: var(--baseline); fill: var(--baseline); }
svg polyline.series-baseline, svg .legend-swatch.series-baseline { stroke-dasharray: 5 4; }
svg .line.series-current, svg .line.series-fail, svg .line.series-baseline { fill: none; }
svg .limit { stroke: var(--fail); stroke-width: 1.5; stroke-dasharray: 2 3; }
svg .marker { stroke-width: 2.5; }
svg .median { stroke: var(--text); stroke-width: 3; }
svg .bar { fill: var(--current); opacity: .85; }
details { margin: 8px 0 0; }
summary { cursor: pointer; color: var(--current); }
pre.diff { background: var(--head); padding: 8px; border-radius: 6px; overflow-x: auto; }
pre.diff ins { color: var(--ok); text-decoration: none; } pre.diff del { color: var(--fail); text-decoration: none; }
pre.command { background: var(--head); padding: 6px 8px; border-radius: 4px; overflow-x: auto; }
footer { color: var(--muted); font-size: 12px; margin-top: 30px; }
`;
}
