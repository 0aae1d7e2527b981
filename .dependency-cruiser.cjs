// The architecture of harness/, in words and as rules `npm run lint` enforces.
//
// A budget run flows top-down: the CLI parses arguments and prints; the pipeline orchestrates one
// run (load suites, run zeek or collect a source, read baselines, evaluate, report), an --against
// comparison or a baseline history; budget/report/summarize/history turn measurements into
// verdicts and text, and scaffold writes a Zeek package's suite (init) or exports the measuring
// package (export-package); sources (existing logs, zeekctl clusters), the runner (zeek over
// traces), baselines and git produce and store measurements or read the repository, github posts
// a report as a pull-request comment; measure, suite and
// analysis define what a measurement, a suite and a fit are; zeek-log reads Zeek's logs and
// workloads generate traces; pcap reads and writes packet captures; text, util, errors, the
// message catalog and the package's location are the floor everybody stands on.
//
// A module may import its own layer and any layer below it, never one above: so a change to how
// the CLI prints can never break how a log is read. Cycles are forbidden at every level.
const LAYERS = [
  ['cli'],
  ['pipeline'],
  ['budget', 'report', 'summarize', 'history', 'scaffold'],
  ['sources', 'runner', 'baseline', 'git', 'github'],
  ['measure', 'suite', 'analysis'],
  ['zeek-log', 'workloads'],
  ['pcap'],
  ['text', 'util', 'errors.ts', 'messages.ts', 'zeek-package.ts'],
];

const dir = (name) => (name.endsWith('.ts') ? `^harness/${name.replace('.', '\\.')}$` : `^harness/${name}/`);
const above = (i) => LAYERS.slice(0, i).flat();

const layerRules = LAYERS.slice(1).flatMap((layer, k) =>
  layer.map((name) => ({
    name: `layer-${name.replace('.ts', '')}`,
    comment: `${name} sits below ${above(k + 1).join(', ')}: it must not import them`,
    severity: 'error',
    from: { path: dir(name) },
    to: { path: above(k + 1).map(dir) },
  })),
);

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      comment: 'modules that import each other cannot be understood (or tested) on their own',
      severity: 'error',
      from: { path: '^harness/' },
      to: { circular: true },
    },
    {
      name: 'harness-not-test',
      comment: 'the product never depends on its tests or fixtures',
      severity: 'error',
      from: { path: '^(harness|scripts)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^dist/' },
  },
};
