import { readFile } from 'node:fs/promises';
import { EnvironmentError } from '../errors.js';

export type NodeType = 'logger' | 'manager' | 'proxy' | 'worker' | 'standalone';

export interface ClusterNode {
  name: string;
  type: NodeType;
  host: string;
  interface?: string;
  /** zeekctl expands `lb_procs = N` into N processes named NAME-1 .. NAME-N. */
  lbProcs?: number;
}

const TYPES: readonly NodeType[] = ['logger', 'manager', 'proxy', 'worker', 'standalone'];

/**
 * zeekctl's etc/node.cfg: `[name]` sections with `type`, `host`, `interface` (INI; `#` and `;`
 * comments). Returns the nodes as zeekctl names them, with `lb_procs` workers expanded.
 */
export function parseNodeCfg(text: string, file: string): ClusterNode[] {
  const nodes: ClusterNode[] = [];
  let current: Partial<ClusterNode> & { line?: number } = {};
  const finish = () => {
    if (current.name === undefined) return;
    if (current.type === undefined) {
      throw new EnvironmentError(`node [${current.name}] has no type= (one of ${TYPES.join(', ')})`, { file, line: current.line });
    }
    const { line: _line, ...node } = current;
    nodes.push({ host: 'localhost', ...node } as ClusterNode);
  };
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s[#;].*$/, '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      finish();
      current = { name: (section[1] ?? '').trim(), line: i + 1 };
      return;
    }
    const kv = /^([A-Za-z_]+)\s*=\s*(.*)$/.exec(line);
    if (!kv || current.name === undefined) return;
    const key = (kv[1] ?? '').toLowerCase();
    const value = (kv[2] ?? '').trim();
    if (key === 'type') {
      if (!TYPES.includes(value as NodeType)) {
        throw new EnvironmentError(`node [${current.name}] has type=${value}; zeekctl knows ${TYPES.join(', ')}`, { file, line: i + 1 });
      }
      current.type = value as NodeType;
    } else if (key === 'host') current.host = value;
    else if (key === 'interface') current.interface = value;
    else if (key === 'lb_procs') current.lbProcs = Number(value) || undefined;
  });
  finish();
  return nodes.flatMap((n) =>
    n.type === 'worker' && n.lbProcs && n.lbProcs > 1 ? Array.from({ length: n.lbProcs }, (_, k) => ({ ...n, name: `${n.name}-${k + 1}` })) : [n],
  );
}

export async function readNodeCfg(file: string): Promise<ClusterNode[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new EnvironmentError(`cannot read zeekctl's node configuration: ${(e as Error).message}`, { file });
  }
  return parseNodeCfg(text, file);
}

/** The name my_stats logs for a node: Cluster::node, empty for a standalone Zeek. */
export function loggedNodeName(node: ClusterNode): string {
  return node.type === 'standalone' ? '' : node.name;
}
