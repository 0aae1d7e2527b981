import { formatCsv, formatTable, type Column } from '../../harness/text/format-table.js';

interface Row {
  name: string;
  n: number;
}
const rows: Row[] = [
  { name: 'Conn::state', n: 1500 },
  { name: 'x', n: 7 },
];
const columns: Column<Row>[] = [
  { header: 'variable', value: (r) => r.name },
  { header: 'footprint', value: (r) => String(r.n), align: 'right' },
];

test('aligned table: widths from the widest cell or header, numbers right-aligned, no trailing spaces', () => {
  expect(formatTable(rows, columns)).toBe('variable     footprint\nConn::state       1500\nx                    7\n');
  expect(formatTable(rows, columns, { indent: '  ', gap: ' | ' })).toBe('  variable    | footprint\n  Conn::state |      1500\n  x           |         7\n');
});

test('styling the header does not change the alignment', () => {
  const styled = formatTable(rows, columns, { header: (s) => `<${s}>` });
  expect(styled.split('\n')[0]).toBe('<variable     footprint>');
  expect(styled.split('\n')[1]).toBe('Conn::state       1500');
});

test('an empty table is just the header', () => {
  expect(formatTable([], columns)).toBe('variable  footprint\n');
});

test('CSV quotes fields with commas, quotes or newlines', () => {
  const odd: Row[] = [
    { name: 'a,b', n: 1 },
    { name: 'say "hi"', n: 2 },
    { name: 'two\nlines', n: 3 },
    { name: 'plain', n: 4 },
  ];
  expect(formatCsv(odd, columns)).toBe('variable,footprint\n"a,b",1\n"say ""hi""",2\n"two\nlines",3\nplain,4\n');
});
