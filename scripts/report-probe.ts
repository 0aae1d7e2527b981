// What a reader of the HTML report sees, measured in the page by headless Chromium.

/**
 * Evaluated in the report page: how many charts there are and how big the smallest is, how much
 * they draw, chart labels cut off at a chart's edge, the order of a failing trace's parts, and
 * whether the page needs horizontal scrolling.
 */
export const CHART_PROBE = `(() => {
  const svgs = [...document.querySelectorAll('svg.chart')];
  const charts = svgs.map((s) => s.getBoundingClientRect());
  const clipped = svgs.flatMap((s) => {
    const box = s.getBoundingClientRect();
    return [...s.querySelectorAll('text')].filter((t) => {
      const r = t.getBoundingClientRect();
      return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1;
    }).map((t) => t.textContent);
  });
  const failing = document.querySelector('article.subject.fail');
  return {
    title: document.title,
    charts: charts.length,
    smallest: charts.length ? { width: Math.min(...charts.map((r) => r.width)), height: Math.min(...charts.map((r) => r.height)) } : null,
    drawn: document.querySelectorAll('svg.chart polyline, svg.chart rect.bar, svg.chart circle').length,
    clippedLabels: clipped,
    subjects: document.querySelectorAll('article.subject').length,
    failingSubjectParts: failing ? [...failing.children].map((e) => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')) : [],
    pageWidth: document.documentElement.scrollWidth,
    viewportWidth: window.innerWidth,
  };
})()`;
