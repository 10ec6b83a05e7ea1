/**
 * Where the `yaml` library (read with its YAML 1.1 schema) and go-yaml disagree, go-yaml wins:
 * kubectl and the API server decode manifests with go-yaml v2 (through sigs.k8s.io/yaml), after
 * apimachinery's YAMLReader has cut the stream into documents line by line. Each difference below
 * was decided from go-yaml's scanner (`scannerc.go`) and resolver (`resolve.go`) and from
 * apimachinery's reader, and is one row of `test/src/model/goyaml.test.ts`.
 *
 * - Escapes in double-quoted strings: go-yaml accepts `\'` (an apostrophe) and rejects `\/`
 *   ("found unknown escape character"); YAML 1.2 does the opposite.
 * - Plain scalars: go-yaml reads `0o17`, `0O17`, `0B11`, `0X1F` as integers (Go's base-0
 *   `ParseInt`), reads no base-60 numbers (`1:20` is a string) and keeps timestamps
 *   (`2024-01-01`) as the strings written.
 * - A byte-order mark at the start of any line is skipped, not read as part of a key.
 * - A line starting with `---` may carry only a comment after it (apimachinery's YAMLReader:
 *   "invalid Yaml document separator").
 * - Tabs are white space inside flow collections and quoted strings, also at the start of a line
 *   (`yaml_parser_scan_to_next_token`: tabs are skipped in flow context); never block indentation.
 */
import { isCollection, isScalar, parseDocument as parseYamlDocument, visit, type Document, type ScalarTag, type Tags } from 'yaml';
import type { Span } from './text';

/** go-yaml's integers that YAML 1.1 does not know: Go's `0o`/`0O`, `0B` and `0X` prefixes. */
const goPrefixedInt: ScalarTag = {
  identify: () => false,
  default: true,
  tag: 'tag:yaml.org,2002:int',
  format: 'GO',
  test: /^[-+]?0(?:[oO][0-7_]*[0-7][0-7_]*|B[01_]*[01][01_]*|X[0-9a-fA-F_]*[0-9a-fA-F][0-9a-fA-F_]*)$/,
  resolve(str: string) {
    const sign = str[0] === '-' ? -1 : 1;
    const body = str.replace(/^[-+]/, '').replace(/_/g, '');
    const radix = /^0[oO]/.test(body) ? 8 : /^0B/.test(body) ? 2 : 16;
    return sign * parseInt(body.slice(2), radix);
  },
};

/**
 * The YAML 1.1 tags as go-yaml resolves them: no base-60 numbers, no timestamps (go-yaml v2
 * gives their text back when decoding into an untyped value, which is how sigs.k8s.io/yaml
 * decodes), and Go's integer prefixes.
 */
export function goYamlTags(tags: Tags): Tags {
  const kept = tags.filter((t) => {
    const tag = typeof t === 'string' ? t : t.tag;
    if (tag === 'tag:yaml.org,2002:timestamp') return false;
    return !(typeof t === 'object' && 'format' in t && t.format === 'TIME');
  });
  return [goPrefixedInt, ...kept];
}

export interface GoYamlIssue {
  span: Span;
  message: string;
  code: string;
}

const SEPARATOR_LINE = /^---([^\r\n]*)/gm;

/**
 * Lines starting with `---` followed by anything but white space and a comment: apimachinery's
 * YAMLReader refuses the whole stream there. Offsets are into `text`.
 */
export function separatorIssues(text: string): GoYamlIssue[] {
  if (!text.startsWith('---') && !text.includes('\n---') && !text.includes('\r---')) return [];
  const out: GoYamlIssue[] = [];
  for (const m of text.matchAll(SEPARATOR_LINE)) {
    const rest = m[1];
    const trimmed = rest.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const start = m.index + 3 + rest.indexOf(trimmed);
    out.push({
      span: { start, end: start + trimmed.length },
      message: 'invalid Yaml document separator: kubectl allows only a comment after `---` on a separator line, and refuses the file here',
      code: 'DOCUMENT_SEPARATOR',
    });
  }
  return out;
}

/** Whether the `yaml` error at `pos` is a `\'` escape, which go-yaml accepts. */
export function isApostropheEscape(text: string, code: string, pos: readonly [number, number]): boolean {
  return code === 'BAD_DQ_ESCAPE' && text.charCodeAt(pos[0]) === 92 /* \ */ && text.charCodeAt(pos[0] + 1) === 39; /* ' */
}

/**
 * Gives the scalars of `doc` go-yaml's values where the scanner differs (`\'` escapes, a BOM at
 * the start of a line) and returns the escapes go-yaml rejects (`\/`).
 */
export function alignScalars(doc: Document.Parsed, text: string, options: object): GoYamlIssue[] {
  // Only the escapes `\'` and `\/` are read differently; a text without either (most, even with
  // other escapes) needs no walk of its scalars.
  const escapes = text.includes("\\'") || text.includes('\\/');
  const bom = text.indexOf('\ufeff', 1) >= 0;
  if (!escapes && !bom) return [];
  const out: GoYamlIssue[] = [];
  visit(doc, {
    Scalar(_key, node) {
      const r = node.range;
      if (!r) return;
      if (node.type === 'QUOTE_DOUBLE' && escapes) {
        const src = text.slice(r[0], r[1]);
        let rewritten = '';
        let from = 0;
        for (let i = 1; i < src.length - 1; i++) {
          if (src.charCodeAt(i) !== 92) continue;
          const next = src[i + 1];
          if (next === "'") {
            rewritten += src.slice(from, i);
            from = i + 1;
          } else if (next === '/') {
            out.push({
              span: { start: r[0] + i, end: r[0] + i + 2 },
              message: 'invalid escape sequence in a double-quoted string: kubectl (go-yaml) does not accept `\\/`: found unknown escape character',
              code: 'BAD_DQ_ESCAPE',
            });
          }
          i++;
        }
        if (from > 0) {
          const value = parseYamlDocument(rewritten + src.slice(from), options).contents;
          if (isScalar(value) && typeof value.value === 'string') node.value = value.value;
        }
      } else if (bom && node.type === 'PLAIN' && typeof node.value === 'string' && node.value.charCodeAt(0) === 0xfeff) {
        const before = text.charCodeAt(r[0] - 1);
        if (r[0] === 0 || before === 10 || before === 13) node.value = node.value.slice(1);
      }
    },
  });
  return out;
}

const LEADING_TABS = /^[ \t]*\t[ \t]*/gm;

/**
 * The documents of `text` read with the tabs of its lines' leading white space as spaces, when
 * that reads without error and every such tab lies inside a flow collection or a quoted string
 * (where go-yaml takes it as white space); undefined otherwise, or when no line starts with a tab.
 */
export function tabsAsFlowSpace(text: string, parse: (text: string) => Document.Parsed[]): Document.Parsed[] | undefined {
  const tabs: number[] = [];
  const spaced = text.replace(LEADING_TABS, (run, at: number) => {
    for (let i = 0; i < run.length; i++) if (run[i] === '\t') tabs.push(at + i);
    return run.replace(/\t/g, ' ');
  });
  if (tabs.length === 0) return undefined;
  let list: Document.Parsed[];
  try {
    list = parse(spaced);
  } catch {
    return undefined;
  }
  if (list.some((d) => d.errors.length > 0)) return undefined;
  const ranges: [number, number][] = [];
  for (const d of list) {
    visit(d, {
      Node(_key, node) {
        const r = node.range;
        if (!r) return undefined;
        if ((isCollection(node) && node.flow) || (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE'))) {
          ranges.push([r[0], r[1]]);
          return visit.SKIP;
        }
        return undefined;
      },
    });
  }
  return tabs.every((t) => ranges.some(([a, b]) => t > a && t < b)) ? list : undefined;
}
