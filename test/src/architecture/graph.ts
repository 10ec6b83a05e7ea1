/**
 * The import graph of `server/src` and `client/src`, read from the sources as text (every
 * `import … from '…'`, `export … from '…'` and `import('…')` with a relative path), and the
 * layer rules ARCHITECTURE.md states, as data. `architecture.test.ts` checks the real tree;
 * this module is also run by hand: `node test/out/architecture/graph.js` prints the violations.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');

/** Layers from the bottom up: a module may import its own layer or a lower one. */
export const LAYERS: readonly (readonly string[])[] = [
  ['protocol', 'model', 'shell', 'knowledge', 'config', 'paths'],
  ['schema', 'edits', 'pod'],
  ['rules'],
  ['analysis', 'kustomize', 'repoConfig'],
  ['workspace'],
  ['features'],
  ['lsp', 'cli'],
  ['server', 'launch'],
];

/** Modules allowed to import the LSP protocol packages. */
export const PROTOCOL_PACKAGES = ['vscode-languageserver', 'vscode-jsonrpc', 'vscode-languageserver-protocol', 'vscode-languageserver-types'];

export interface ImportEdge {
  from: string; // path relative to ROOT, forward slashes
  to: string; // a resolved relative path, or the package name
  line: number;
}

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s+'([^']+)'/g;

function resolveModule(fromFile: string, spec: string): string {
  const base = resolve(dirname(fromFile), spec);
  for (const candidate of [base + '.ts', join(base, 'index.ts'), base]) {
    try {
      if (statSync(candidate).isFile()) return toRel(candidate);
    } catch {
      /* try the next form */
    }
  }
  return toRel(base);
}

function toRel(p: string): string {
  return relative(ROOT, p).split(sep).join('/');
}

export function importGraph(roots = ['server/src', 'client/src']): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const root of roots) {
    for (const file of walk(join(ROOT, root), [])) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3];
        const line = text.slice(0, m.index + m[0].length).split('\n').length;
        const to = spec.startsWith('.') ? resolveModule(file, spec) : spec;
        edges.push({ from: toRel(file), to, line });
      }
    }
  }
  return edges;
}

/** `server/src/rules/x.ts` → `rules`; `server/src/server.ts` → `server`; client files → undefined. */
export function areaOf(path: string): string | undefined {
  const m = /^server\/src\/([^/.]+)/.exec(path);
  return m ? m[1] : undefined;
}

export function layerOf(area: string): number {
  return LAYERS.findIndex((l) => l.includes(area));
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every broken rule, one line each (`file:line: why`). Empty when the house is in order. */
export function violations(edges = importGraph()): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const where = `${e.from}:${e.line}`;
    const fromArea = areaOf(e.from);
    const isRelative = e.to.startsWith('server/') || e.to.startsWith('client/') || e.to.startsWith('test/');
    if (!isRelative) {
      const pkg = packageName(e.to);
      if (PROTOCOL_PACKAGES.includes(pkg) && fromArea !== 'lsp' && fromArea !== 'server' && fromArea !== undefined) {
        out.push(`${where}: ${pkg} outside lsp/ and server.ts`);
      }
      continue;
    }
    if (e.from.startsWith('client/')) {
      if (e.to.startsWith('server/') && !e.to.startsWith('server/src/protocol/')) {
        out.push(`${where}: the client imports ${e.to} (only server/src/protocol/ may cross)`);
      }
      continue;
    }
    if (e.to.startsWith('client/')) {
      out.push(`${where}: the server imports ${e.to}`);
      continue;
    }
    const toArea = areaOf(e.to);
    if (fromArea === undefined || toArea === undefined) continue;
    const from = layerOf(fromArea);
    const to = layerOf(toArea);
    if (from < 0) out.push(`${where}: ${fromArea}/ has no layer in ARCHITECTURE.md`);
    else if (to < 0) out.push(`${where}: ${toArea}/ has no layer in ARCHITECTURE.md`);
    else if (to > from) out.push(`${where}: ${fromArea}/ (layer ${from}) imports ${e.to} (layer ${to}, higher)`);
    if (fromArea === 'rules' && toArea === 'rules' && isRuleFile(e.to) && e.from !== 'server/src/rules/index.ts') {
      out.push(`${where}: a rule imports another rule (${e.to}); shared helpers belong in rules/support.ts`);
    }
    if (fromArea === 'features' && toArea === 'features' && isProducerOf(e.to) && isProducerOf(e.from) && producerOf(e.to) !== producerOf(e.from)) {
      out.push(`${where}: ${e.from} imports another feature's producer ${e.to}; shared parts belong in features/shared/`);
    }
  }
  for (const cycle of cycles(edges)) out.push(`import cycle: ${cycle.join(' → ')}`);
  return out;
}

/** A rule's own file: named after a rule id (kebab-case), as the registry lists them. */
export function isRuleFile(path: string): boolean {
  return /^server\/src\/rules\/[a-z0-9]+(?:-[a-z0-9]+)+\.ts$/.test(path);
}

/** Feature producers: `features/hover/*`, `features/completion/*`; other feature files are shared. */
function producerOf(path: string): string | undefined {
  const m = /^server\/src\/features\/(hover|completion)(?:\.ts|\/)/.exec(path);
  return m ? m[1] : undefined;
}
function isProducerOf(path: string): boolean {
  return producerOf(path) !== undefined;
}

/** Strongly connected components of more than one module (Tarjan), each as a path. */
export function cycles(edges: ImportEdge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!e.to.endsWith('.ts')) continue;
    if (!graph.has(e.from)) graph.set(e.from, new Set());
    graph.get(e.from)!.add(e.to);
  }
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.reverse());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

if (require.main === module) {
  const v = violations();
  for (const line of v) console.log(line);
  console.log(`${v.length} violation(s)`);
}
