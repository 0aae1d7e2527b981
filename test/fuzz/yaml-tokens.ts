// YAML's own syntax, for token soup and splices into suites and baselines.
export const YAML_TOKENS = [
  '\n', '  ', '    ', '- ', ': ', ':', '[', ']', '{', '}', ',', '"', "'", '#', '&a ', '*a', '&b ', '*b', '!!str ', '!!int ', '!!binary ',
  '<<: *a', '? ', '|', '>', '---\n', '...\n', '%YAML 1.2\n', '\t', '~', 'null', 'true', 'false', '.inf', '-.inf', '.nan', '0x1F', '0o17',
  '1e309', '-1', '9007199254740993', '18446744073709551616', '1.5', '0', '""', "''", '\\', '\u0000', '\ufeff', 'é', '\u2028',
  '__proto__', 'constructor', 'toString',
];
