/**
 * Rename a Secret, ConfigMap or Service across the workspace: from its `metadata.name` or any
 * reference (`workspace/references.ts`), every definition and reference in the workspace's files
 * is edited through the edit layer (`YamlEditor`, or `editArgValue` for a host in a command), the
 * current file from its model, the others from their current text (`WorkspaceView.read`: an open
 * document's, else the disk's). Each file's edits are applied together and read back: the result
 * must parse with no new error and name the new name exactly where the old one was named.
 *
 * Refused, with a message naming the file and line, when a place cannot be edited safely: a file
 * the index could not read as YAML (a Helm template, binary, over the size limit, a document with
 * syntax errors) that names the object; a script that names it inside a larger word or host
 * (`postgres-0.postgres`, `${NS}postgres:5432`) the shell reader cannot read as the Service; an
 * object a kustomize generator makes (its name gets a content hash or `namePrefix`/`nameSuffix`);
 * an edit the edit layer refuses; an object the workspace does not define (its references would
 * then name another object); a new name the API server would reject or one already taken.
 */
import { isScalar } from 'yaml';
import { parseFile, type FileModel } from '../model/file';
import { argSpan, commandLineOf } from '../model/commands';
import { mapScalar, spanOfValue } from '../model/scalarOffsets';
import type { Edit, Span } from '../model/text';
import { getEntry } from '../model/yamlNodes';
import { YamlEditor } from '../edits/yamlEdit';
import { baseName } from '../rules/workspaceRefs';
import { documentRefs, resolveNamespace, statedNamespace, type RefKind } from '../workspace/references';
import { definitionsOf, generatorItems, targetAt, workspaceFiles, type WorkspaceView } from './workspaceNavigation';

const RENAMEABLE: ReadonlySet<RefKind> = new Set<RefKind>(['Secret', 'ConfigMap', 'Service']);

export type WorkspacePrepareRename = { span: Span; placeholder: string } | { error: string };

export interface FileChange {
  file: string;
  /** The text the edits apply to (the current file's model text, or what `read` gave). */
  text: string;
  edits: Edit[];
}

export type WorkspaceRenameResult = { changes: FileChange[] } | { error: string };

interface Subject {
  kind: RefKind;
  namespace: string;
  name: string;
  span: Span;
}

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why the API server would reject `name` as the name of a `kind`, or undefined. */
export function invalidObjectName(kind: RefKind, name: string): string | undefined {
  if (kind === 'Service') {
    if (name.length > 63 || !DNS1035_LABEL.test(name))
      return `${JSON.stringify(name)} is not a valid Service name: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, end with an alphanumeric character, and be at most 63 characters`;
    return undefined;
  }
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name))
    return `${JSON.stringify(name)} is not a valid ${kind} name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', start and end with an alphanumeric character, and be at most 253 characters`;
  return undefined;
}

function subjectAt(view: WorkspaceView, file: string, model: FileModel, offset: number): Subject | undefined {
  const t = targetAt(model, offset, view.namespaceOf(file));
  if (!t || t.what !== 'object' || t.key !== undefined || !RENAMEABLE.has(t.kind)) return undefined;
  return { kind: t.kind, namespace: t.namespace, name: t.name, span: t.span };
}

/** `name` as a whole word of a text (not inside a longer name), and its line. */
function wordLine(text: string, name: string): number | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?<![A-Za-z0-9_.-])${escaped}(?![A-Za-z0-9_-])`).exec(text);
  return m ? text.slice(0, m.index).split('\n').length : undefined;
}

/** Whether a character is part of a name (an occurrence touching one is another name). */
const NAME_CHAR = /[A-Za-z0-9_]/;

/**
 * Occurrences of a Service's name in a document's commands and env values that the shell reader
 * did not give as hosts, yet that read as part of a host or an expansion: the line of the first.
 */
function unreadHost(model: FileModel, placedIndex: number, name: string, read: readonly Span[]): number | undefined {
  const placed = model.documents[placedIndex];
  const doc = placed.doc;
  const covered = (s: Span) => read.some((r) => r.start === s.start);
  for (const m of doc.manifests) {
    for (const c of m.podSpec?.containers ?? []) {
      const values: { value: string; span: (i: number) => Span }[] = commandLineOf(doc.text, m, c).argv.map((arg) => ({
        value: arg.value,
        span: (i) => argSpan(arg, i, i + name.length),
      }));
      for (const env of c.env) {
        const v = env.fields.get('value')?.value;
        if (isScalar(v) && typeof v.value === 'string') {
          const map = mapScalar(doc.text, v);
          values.push({ value: v.value, span: (i) => spanOfValue(map, i, i + name.length) });
        }
      }
      for (const { value, span } of values) {
        for (let i = value.indexOf(name); i >= 0; i = value.indexOf(name, i + 1)) {
          const before = value[i - 1] ?? ' ';
          const after = value[i + name.length] ?? ' ';
          if (NAME_CHAR.test(before) || NAME_CHAR.test(after) || before === '-' || after === '-') continue;
          // A URL scheme (`postgres://…`), not a host.
          if (value.startsWith('://', i + name.length)) continue;
          const hostLike = before === '.' || before === '}' || before === ')' || after === '.' || after === ':';
          if (hostLike && !covered(span(i))) return doc.lines.positionAt(span(i).start).line + placed.startLine + 1;
        }
      }
    }
  }
  return undefined;
}

interface Planned {
  changes: FileChange[];
}

/** Every edit of a rename, or why it is refused; `to` undefined only checks what does not depend on the new name. */
function plan(view: WorkspaceView, file: string, model: FileModel, s: Subject, to: string | undefined): Planned | { error: string } {
  const refuse = (why: string) => ({ error: `cannot rename ${s.kind} "${s.name}": ${why}` });
  const files = [...workspaceFiles(view, { file, model })];
  if (to !== undefined) {
    const invalid = invalidObjectName(s.kind, to);
    if (invalid) return { error: invalid };
    if (to !== s.name && definitionsOf(files, s.kind, s.namespace, to).length > 0)
      return refuse(`a ${s.kind} named "${to}" already exists in namespace "${s.namespace}"`);
  }
  const defs = definitionsOf(files, s.kind, s.namespace, s.name);
  if (defs.length === 0)
    return refuse(
      `the workspace does not define it in namespace "${s.namespace}" (it may come from a chart or a vault), so a rename would point its references at another object`,
    );
  const renamed = defs.find((d) => d.original !== undefined);
  if (renamed) return refuse(`a kustomize overlay renders it as "${renamed.name}" (namePrefix/nameSuffix), so references to it are not its name as written`);
  const generated = defs.find((d) => d.generated);
  if (generated)
    return refuse(
      `it is generated by ${baseName(generated.file)} (line ${generated.line + 1}) and ${generated.generated}, so references to it are not its name as written`,
    );
  const involved = new Set<string>(defs.map((d) => d.file));
  for (const f of files) {
    if (f.refs.some((r) => r.kind === s.kind && r.name === s.name && r.namespace === s.namespace && r.key === undefined)) involved.add(f.file);
    if (f.unsafe !== undefined) {
      const text = f.file === file ? model.text : view.read(f.file);
      // Parsed only when the name is in its text at all.
      const line = text === undefined || !text.includes(s.name) ? undefined : unsafeLine(text, f.file === file ? model : undefined, s.name, view.maxFileSizeKB);
      if (line !== undefined) return refuse(`${baseName(f.file)} names it on line ${line}, and that file cannot be edited safely: ${f.unsafe}`);
    }
  }
  const changes: FileChange[] = [];
  for (const f of [...involved].sort()) {
    const text = f === file ? model.text : view.read(f);
    if (text === undefined) return refuse(`${baseName(f)} cannot be read`);
    const m = f === file ? model : parseFile(text, undefined, { maxFileSizeKB: view.maxFileSizeKB });
    const planned = planFile(m, view.namespaceOf(f), s, to ?? s.name);
    if ('error' in planned) return refuse(`${baseName(f)}, ${planned.error}`);
    if (to !== undefined && to !== s.name) {
      const checked = readBack(m, view.namespaceOf(f), s, to, planned.edits, planned.count);
      if (checked) return refuse(`${baseName(f)}: ${checked}`);
    }
    if (planned.edits.length > 0) changes.push({ file: f, text, edits: planned.edits });
  }
  return { changes };
}

/** The line of a file the index could not read that names `name` (in the documents it could not read), if any. */
function unsafeLine(text: string, parsed: FileModel | undefined, name: string, maxFileSizeKB: number): number | undefined {
  const m = parsed ?? parseFile(text, undefined, { maxFileSizeKB });
  if (m.notAnalysed || m.documents.length === 0) return wordLine(text, name);
  for (const d of m.documents) {
    if (!d.doc.syntaxIssues.some((i) => i.severity === 'error')) continue;
    const line = wordLine(d.doc.text, name);
    if (line !== undefined) return d.startLine + line;
  }
  return undefined;
}

/** The edits of one file (file offsets), and how many names they change; or why a place cannot be edited. */
function planFile(model: FileModel, fileNamespace: string | undefined, s: Subject, to: string): { edits: Edit[]; count: number } | { error: string } {
  const edits: Edit[] = [];
  let count = 0;
  for (const [index, placed] of model.documents.entries()) {
    const doc = placed.doc;
    const lineOf = (offset: number) => placed.startLine + doc.lines.positionAt(offset).line + 1;
    const refs = documentRefs(doc);
    // The hosts the shell reader read as a Service of this name (in any namespace): an occurrence starting one is read.
    const hosts = refs.filter((r) => r.host && r.name === s.name).map((r) => r.span);
    const add = (made: Edit[] | undefined) => {
      for (const e of made ?? []) edits.push({ span: { start: e.span.start + placed.start, end: e.span.end + placed.start }, newText: e.newText });
      count++;
      return made !== undefined;
    };
    for (const m of doc.manifests) {
      if (m.kind !== s.kind || m.name !== s.name || m.isPatch || resolveNamespace(statedNamespace(m), fileNamespace) !== s.namespace) continue;
      const node = getEntry(getEntry(m.node, 'metadata')?.value, 'name')?.value;
      if (!isScalar(node) || !node.range) continue;
      if (!add(to === s.name ? [] : new YamlEditor(doc).setScalar(node, to)))
        return { error: `line ${lineOf(node.range[0])}: the edit layer cannot set metadata.name without changing something else` };
    }
    for (const g of generatorItems(doc.yaml?.contents, fileNamespace)) {
      if (g.kind !== s.kind || g.name !== s.name || g.namespace !== s.namespace || !g.nameNode.range) continue;
      if (!add(to === s.name ? [] : new YamlEditor(doc).setScalar(g.nameNode, to)))
        return { error: `line ${lineOf(g.nameNode.range[0])}: the edit layer cannot set the generator's name without changing something else` };
    }
    for (const r of refs) {
      if (r.kind !== s.kind || r.name !== s.name || r.key !== undefined || resolveNamespace(r.namespace, fileNamespace) !== s.namespace || !r.rename) continue;
      if (!add(to === s.name ? [] : r.rename(to)))
        return { error: `line ${lineOf(r.span.start)} (${r.how}): the edit layer cannot change the name there without changing something else` };
    }
    if (s.kind === 'Service') {
      const line = unreadHost(model, index, s.name, hosts);
      if (line !== undefined)
        return { error: `line ${line}: a command or env value names it inside a larger host or expansion that the shell reader does not read as the Service` };
    }
  }
  edits.sort((a, b) => a.span.start - b.span.start);
  for (let i = 1; i < edits.length; i++) if (edits[i].span.start < edits[i - 1].span.end) return { error: 'two places naming it overlap' };
  return { edits, count };
}

/** Applies a file's edits and reads the result back: undefined when it is the rename and nothing else. */
function readBack(model: FileModel, fileNamespace: string | undefined, s: Subject, to: string, edits: Edit[], count: number): string | undefined {
  let text = model.text;
  for (let i = edits.length - 1; i >= 0; i--) text = text.slice(0, edits[i].span.start) + edits[i].newText + text.slice(edits[i].span.end);
  // Only the documents the edits changed are parsed again.
  const after = parseFile(text, model.cache);
  const errors = (m: FileModel) => m.documents.reduce((n, d) => n + d.doc.syntaxIssues.filter((i) => i.severity === 'error').length, 0);
  if (after.notAnalysed || errors(after) > errors(model)) return 'the renamed text would not be valid YAML';
  const named = (m: FileModel, name: string) => {
    let n = 0;
    for (const placed of m.documents) {
      for (const mf of placed.doc.manifests)
        if (mf.kind === s.kind && mf.name === name && resolveNamespace(statedNamespace(mf), fileNamespace) === s.namespace) n++;
      for (const g of generatorItems(placed.doc.yaml?.contents, fileNamespace)) if (g.kind === s.kind && g.name === name && g.namespace === s.namespace) n++;
      for (const r of documentRefs(placed.doc))
        if (r.kind === s.kind && r.name === name && r.key === undefined && resolveNamespace(r.namespace, fileNamespace) === s.namespace) n++;
    }
    return n;
  };
  if (named(after, to) !== named(model, to) + count || named(after, s.name) !== 0)
    return 'the renamed text does not read back as the same places with the new name';
  return undefined;
}

/** Whether the cursor is on a Secret, ConfigMap or Service the workspace rename handles, and whether it can. */
export function workspacePrepareRename(view: WorkspaceView, file: string, model: FileModel, offset: number): WorkspacePrepareRename | undefined {
  const s = subjectAt(view, file, model, offset);
  if (!s) return undefined;
  const planned = plan(view, file, model, s, undefined);
  if ('error' in planned) return planned;
  return { span: s.span, placeholder: s.name };
}

/** The edits renaming the Secret, ConfigMap or Service at a file offset in every file, or why not; undefined when the cursor is on none. */
export function workspaceRename(view: WorkspaceView, file: string, model: FileModel, offset: number, newName: string): WorkspaceRenameResult | undefined {
  const s = subjectAt(view, file, model, offset);
  if (!s) return undefined;
  const planned = plan(view, file, model, s, newName);
  if ('error' in planned) return planned;
  return { changes: newName === s.name ? [] : planned.changes };
}
