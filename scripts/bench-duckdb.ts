/**
 * Child process of the benchmark: what a data-savvy user would reach for instead of zeek-budget.
 * DuckDB (@duckdb/node-api, a devDependency used by the benchmark alone) reads a my_stats.log with
 * read_csv and sums the footprint per module at each node's latest dump (its highest run; the
 * generated logs have no restarts), the question `summarize` answers. Prints JSON: the sums.
 */
const [file] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: bench-duckdb FILE\n');
  process.exit(2);
}

let duckdb: typeof import('@duckdb/node-api');
try {
  duckdb = await import('@duckdb/node-api');
} catch {
  process.stdout.write(JSON.stringify({ unavailable: '@duckdb/node-api is not installed (npm ci installs it as a devDependency)' }) + '\n');
  process.exit(0);
}

const instance = await duckdb.DuckDBInstance.create(':memory:');
const db = await instance.connect();
const source = `read_csv('${file.replace(/'/g, "''")}', delim = '\t', comment = '#', header = false, auto_detect = false,
  columns = {'ts': 'DOUBLE', 'run': 'BIGINT', 'node': 'VARCHAR', 'module': 'VARCHAR', 'variable': 'VARCHAR', 'size': 'BIGINT'})`;
const reader = await db.runAndReadAll(`
  WITH rows AS (SELECT * FROM ${source}),
       latest AS (SELECT node, max(run) AS run FROM rows GROUP BY node)
  SELECT module, sum(size)::BIGINT AS footprint FROM rows JOIN latest USING (node, run) GROUP BY module ORDER BY module`);
const sums: Record<string, number> = {};
for (const [module, footprint] of reader.getRows()) sums[String(module)] = Number(footprint);
process.stdout.write(JSON.stringify({ sums }) + '\n');
