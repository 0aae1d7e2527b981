import { dependencies, isPackageDependency, packageName, parseZkgMeta } from '../../harness/scaffold/zkg-meta.js';

test('zkg.meta reads as configparser does: [package] fields, indented continuation lines, comments', () => {
  const meta = parseZkgMeta(
    '[package]\ndescription = one\n  two\n; comment\nscript_dir: scripts\ndepends =\n\tzeek >=6.0.0\n\thttps://github.com/x/foo.git *\n[template]\nsource = x\n',
    'zkg.meta',
  );
  expect(meta.fields.get('description')).toBe('one\ntwo');
  expect(meta.fields.get('script_dir')).toBe('scripts');
  expect(meta.fields.has('source')).toBe(false);
  expect(meta.lines.get('depends')).toBe(6);
  const deps = dependencies(meta);
  expect(deps).toEqual([
    { name: 'zeek', version: '>=6.0.0' },
    { name: 'https://github.com/x/foo.git', version: '*' },
  ]);
  expect(deps.filter(isPackageDependency).map((d) => packageName(d.name))).toEqual(['foo']);
});

test('a zkg.meta zkg would reject is a config error naming the line', () => {
  expect(() => parseZkgMeta('script_dir = x\n', '/p/zkg.meta')).toThrow(/\/p\/zkg\.meta:1: zkg\.meta must begin with the line \[package\]/);
  expect(() => parseZkgMeta('[package]\njust words\n', '/p/zkg.meta')).toThrow(/\/p\/zkg\.meta:2: expected "key = value"/);
  expect(() => dependencies(parseZkgMeta('[package]\n\ndepends = zeek >=6.0.0 foo\n', '/p/zkg.meta'))).toThrow(
    /\/p\/zkg\.meta:3 depends: expected pairs of a name and a version requirement/,
  );
});
