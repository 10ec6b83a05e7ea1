/**
 * Suppression comments (rules.md, "Suppression"):
 *   `# initlens-disable-next-line <id>[, <id>…]`  the next line that is not blank or a comment
 *   `# initlens-disable-line <id>`                 the line the comment ends
 *   `# initlens-disable <id>`                      on a line of its own: the rest of the document
 * With no id, every rule is disabled. A document (`---`) ends every suppression.
 */
import { isDeepStrictEqual } from 'node:util';
import { isScalar, visit, type Document, type Node } from 'yaml';
import { applyEdits, editedValue } from '../edits/reparse';
import { documentJs } from '../edits/yamlEdit';
import { parseYaml, type YamlDocument } from '../model/document';
import { countWhile, type Edit } from '../model/text';

const COMMENT = /(?:^|[ \t])#[ \t]*initlens-disable(-next-line|-line)?(?![\w-])[ \t]*([\w-]+(?:[ \t]*,[ \t]*[\w-]+)*)?[ \t]*$/;

type Scope = '*' | Set<string>;

export class Suppressions {
  private readonly byLine = new Map<number, Scope[]>();
  private readonly fromLine: { line: number; scope: Scope }[] = [];

  constructor(private readonly doc: YamlDocument) {
    // Most documents have no suppression comment: skip the line walk.
    if (doc.text.indexOf('initlens-disable') < 0) return;
    const { lines } = doc;
    let pendingNext: Scope[] = [];
    for (let line = 0; line < lines.lineCount; line++) {
      const text = lines.lineText(line);
      // YAML's white space is spaces and tabs only (JavaScript's trim also takes U+2028, U+2029, NBSP…).
      const trimmed = text.replace(/^[ \t]+|[ \t\r]+$/g, '');
      const m = text.indexOf('initlens-disable') >= 0 ? COMMENT.exec(text) : null;
      const ownLine = trimmed.startsWith('#');
      if (m) {
        const scope: Scope = m[2] ? new Set(m[2].split(',').map((s) => s.trim())) : '*';
        if (m[1] === '-next-line') {
          pendingNext.push(scope);
          // A syntax error the parser places on the comment line itself (its indentation ends
          // the broken block above) belongs to the line the comment is about.
          if (ownLine) this.add(line, scope);
        } else if (m[1] === '-line') this.add(line, scope);
        else if (ownLine) this.fromLine.push({ line, scope });
      }
      if (trimmed !== '' && !ownLine) {
        for (const scope of pendingNext) this.add(line, scope);
        pendingNext = [];
      }
    }
  }

  private add(line: number, scope: Scope): void {
    const list = this.byLine.get(line) ?? [];
    list.push(scope);
    this.byLine.set(line, list);
  }

  /** Whether a finding of `rule` starting at `offset` of the document is suppressed. */
  isSuppressed(rule: string, offset: number): boolean {
    if (this.byLine.size === 0 && this.fromLine.length === 0) return false;
    const line = anchorLine(this.doc, offset);
    const matches = (s: Scope) => s === '*' || s.has(rule);
    if ((this.byLine.get(line) ?? []).some(matches)) return true;
    return this.fromLine.some((f) => f.line < line && matches(f.scope));
  }
}

/**
 * The line a finding at `offset` belongs to for suppression: its own line, or, inside a scalar
 * that spans several lines (a block scalar, a folded quoted string), the line the scalar starts
 * on — a comment cannot be placed inside the scalar.
 */
export function anchorLine(doc: YamlDocument, offset: number): number {
  const line = doc.lines.positionAt(offset).line;
  // Scalars do not overlap: only the last multi-line one starting before `offset` can hold it.
  const scalars = multiLineScalars(doc);
  const s = scalars[countWhile(scalars, (x) => x.start < offset) - 1];
  return s && offset <= s.end && s.line < line ? s.line : line;
}

const multiLine = new WeakMap<YamlDocument, { start: number; end: number; line: number }[]>();

/**
 * The document's scalars that span several lines, by start, read once per document: every
 * finding asks (50,000 findings walking the tree each was quadratic).
 */
function multiLineScalars(doc: YamlDocument): { start: number; end: number; line: number }[] {
  let out = multiLine.get(doc);
  if (out) return out;
  const found: { start: number; end: number; line: number }[] = [];
  if (doc.yaml) {
    visit(doc.yaml, {
      Scalar(_key, node) {
        const r = (node as Node).range;
        if (!isScalar(node) || !r) return;
        const line = doc.lines.positionAt(r[0]).line;
        if (line < doc.lines.positionAt(r[1]).line) found.push({ start: r[0], end: r[1], line });
      },
    });
  }
  out = found.sort((a, b) => a.start - b.start);
  multiLine.set(doc, out);
  return out;
}

/**
 * The edit that disables `rule` for the line of a finding at `offset`: a comment line above it
 * (or more ids on the one there), else a comment at the end of the line. Like a fix, it must leave
 * the document as it was: no new syntax error and the same value (a comment line can change how
 * `yaml` reads a half-written entry such as `? :`). Undefined when neither does.
 */
export function disableForLineEdit(doc: YamlDocument, rule: string, offset: number): Edit | undefined {
  const line = anchorLine(doc, offset);
  const above = commentAbove(doc, rule, line);
  if (above && keepsDocument(doc, above)) return above;
  const end = doc.lines.lineEnd(line);
  const atEnd = { span: { start: end, end }, newText: ` # initlens-disable-line ${rule}` };
  return keepsDocument(doc, atEnd) ? atEnd : undefined;
}

function commentAbove(doc: YamlDocument, rule: string, line: number): Edit | undefined {
  const { lines, text } = doc;
  const lineStart = lines.lineStarts[line];
  // Extend an existing disable-next-line comment right above instead of stacking a second one.
  if (line > 0) {
    const above = lines.lineText(line - 1);
    const m = /^([ \t]*#[ \t]*initlens-disable-next-line[ \t]+[\w-]+(?:[ \t]*,[ \t]*[\w-]+)*)[ \t]*$/.exec(above);
    if (m) {
      const start = lines.lineStarts[line - 1];
      return { span: { start: start + m[1].length, end: start + m[1].length }, newText: `, ${rule}` };
    }
  }
  // A comment above a document's `---` or its directives (`%YAML`) would belong to the document
  // before, or part the directives from their `---`: end the line instead.
  let head = true;
  for (let l = 0; l <= line && head; l++) head = /^(?:%|---(?:[ \t]|$))/.test(lines.lineText(l));
  if (head) return undefined;
  // Comments may sit at any indentation; the line's own reads best.
  const indent = /^[ \t]*/.exec(lines.lineText(line))?.[0] ?? '';
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  return { span: { start: lineStart, end: lineStart }, newText: `${indent}# initlens-disable-next-line ${rule}${eol}` };
}

/** Whether a comment edit leaves the document as it was: no more syntax errors, the same value. */
function keepsDocument(doc: YamlDocument, edit: Edit): boolean {
  const tree = doc.yaml;
  if (!tree) return true; // only comments and blank lines
  if (tree.errors.length === 0) {
    // Read back like a fix's result: a comment inside a container costs that container's parse.
    try {
      const original = documentJs(doc);
      const edited = editedValue(doc, original, [edit], tree.warnings.length);
      return edited !== undefined && isDeepStrictEqual(edited.value, original);
    } catch {
      // A value `toJS` cannot build (`<<: 1`): compared by parsing again, below.
    }
  }
  let edited: Document.Parsed[];
  try {
    edited = parseYaml(applyEdits(doc.text, [edit]));
  } catch {
    return false;
  }
  if (edited.length !== 1) return false;
  if (tree.errors.length > 0) return edited[0].errors.length <= tree.errors.length;
  if (edited[0].errors.length > 0) return false;
  const value = (d: Document.Parsed) => {
    try {
      return { js: d.toJS({ maxAliasCount: 1000 }) };
    } catch (e) {
      return { threw: String(e) };
    }
  };
  return isDeepStrictEqual(value(edited[0]), value(tree));
}
