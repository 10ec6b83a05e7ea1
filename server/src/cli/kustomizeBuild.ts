/**
 * `initlens check --kustomize DIR`: renders an overlay with the kustomize the machine has
 * (`kustomize build`, else `kubectl kustomize`: found on PATH, never downloaded), checks the
 * rendered build as one workspace, and maps each finding back to the file its object came from,
 * through kustomize's origin annotations (`config.kubernetes.io/origin`). The overlay is built
 * through a wrapper kustomization in a temporary folder that includes it and asks for those
 * annotations (`buildMetadata: [originAnnotations]`), so the user's files are not touched. A
 * finding whose object has no file origin (a generated ConfigMap, a remote base) or whose place
 * the source does not have is reported against the rendered text, named after the overlay.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { analyzeFile, type Diagnostic, type FileAnalysis } from '../analysis/analyze';
import type { AnalysisOptions } from '../config/options';
import { parseFile, type FileModel } from '../model/file';
import type { Manifest } from '../model/document';
import { getEntry, keyName, scalarText } from '../model/yamlNodes';
import { fileObjects, WorkspaceIndex } from '../workspace/index';
import type { FileReport } from './report';

/** The program that renders an overlay. */
export interface Renderer {
  program: string;
  args: (dir: string) => string[];
  name: 'kustomize' | 'kubectl';
}

/** The annotation kustomize writes with `buildMetadata: [originAnnotations]`. */
export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
/** A build taking longer than this is stopped. */
const RENDER_TIMEOUT_MS = 120_000;
/** A rendering larger than this is refused. */
const MAX_RENDERED_BYTES = 64 * 1024 * 1024;

function executable(dir: string, name: string): string | undefined {
  for (const candidate of process.platform === 'win32' ? [`${name}.exe`, `${name}.cmd`] : [name]) {
    const full = path.join(dir, candidate);
    try {
      if (fs.statSync(full).isFile()) {
        fs.accessSync(full, fs.constants.X_OK);
        return full;
      }
    } catch {
      // not there, or not executable
    }
  }
  return undefined;
}

/** `kustomize` on PATH, else `kubectl`; undefined when neither is. */
export function findRenderer(env: Record<string, string | undefined>): Renderer | undefined {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const dir of dirs) {
    const program = executable(dir, 'kustomize');
    if (program) return { program, name: 'kustomize', args: (d) => ['build', d] };
  }
  for (const dir of dirs) {
    const program = executable(dir, 'kubectl');
    if (program) return { program, name: 'kubectl', args: (d) => ['kustomize', d] };
  }
  return undefined;
}

/** The overlay rendered with origin annotations (paths relative to `wrapper`), or why not. */
function render(renderer: Renderer, dir: string, env: Record<string, string | undefined>): { text: string; wrapper: string } | { error: string } {
  const wrapper = fs.mkdtempSync(path.join(os.tmpdir(), 'initlens-kustomize-'));
  try {
    const relative = path.relative(wrapper, dir).split(path.sep).join('/');
    fs.writeFileSync(
      path.join(wrapper, 'kustomization.yaml'),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${JSON.stringify(relative)}\nbuildMetadata: [originAnnotations]\n`,
    );
    const run = spawnSync(renderer.program, renderer.args(wrapper), {
      env,
      encoding: 'utf8',
      timeout: RENDER_TIMEOUT_MS,
      maxBuffer: MAX_RENDERED_BYTES,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    if (run.error) return { error: `${renderer.name} failed to run: ${run.error.message}` };
    if (run.status !== 0) {
      const said = (run.stderr ?? '').trim().split('\n').slice(-3).join(' ').slice(0, 600);
      return { error: `${renderer.name} exited with status ${run.status ?? run.signal}${said ? `: ${said}` : ''}` };
    }
    return { text: run.stdout, wrapper };
  } finally {
    fs.rmSync(wrapper, { recursive: true, force: true });
  }
}

/** A step of a path into a manifest: a key, or a list item by index (and by `name` when it has one). */
type Step = { key: string; onKey: boolean } | { index: number; name?: string };

/** The steps from `root` to the innermost node holding `offset` (document offsets). */
function stepsTo(root: Node, offset: number): Step[] {
  const steps: Step[] = [];
  let node: Node | null | undefined = root;
  for (let depth = 0; node && depth < 256; depth++) {
    let next: Node | null | undefined;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = keyName(pair);
        const k = pair.key as Node | null;
        const v = pair.value as Node | null;
        if (key === undefined) continue;
        if (k?.range && offset >= k.range[0] && offset < k.range[1]) {
          steps.push({ key, onKey: true });
          return steps;
        }
        if (v?.range && offset >= v.range[0] && offset < v.range[1]) {
          steps.push({ key, onKey: false });
          next = v;
          break;
        }
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const r = (item as Node | null)?.range;
        if (next === undefined && r && offset >= r[0] && offset < r[1]) {
          const name = scalarText(getEntry(item as Node, 'name')?.value);
          steps.push(name !== undefined ? { index, name } : { index });
          next = item as Node;
        }
      });
    }
    node = next;
  }
  return steps;
}

/** The span (document offsets) in `root` the steps lead to: the deepest node found; a key's span for a collection. */
function follow(root: Node, steps: readonly Step[]): { start: number; end: number } | undefined {
  let node: Node | null | undefined = root;
  let keySpan: { start: number; end: number } | undefined;
  for (const step of steps) {
    let next: Node | null | undefined;
    if ('key' in step) {
      const e = getEntry(node, step.key);
      if (!e) break;
      keySpan = e.keySpan;
      if (step.onKey) return e.keySpan;
      next = e.value;
    } else if (isSeq(node)) {
      const items = node.items as (Node | null)[];
      next = (step.name !== undefined ? items.find((i) => scalarText(getEntry(i, 'name')?.value) === step.name) : undefined) ?? items[step.index];
      keySpan = undefined;
    }
    if (!next) break;
    node = next;
  }
  if (node && isScalar(node) && node.range) return { start: node.range[0], end: node.range[1] };
  return keySpan;
}

/** The origin file of a rendered object (absolute), when kustomize read it from a local file. */
function originOf(m: Manifest, wrapper: string): string | undefined {
  const annotations = getEntry(getEntry(m.node, 'metadata')?.value, 'annotations')?.value;
  const origin = scalarText(getEntry(annotations, ORIGIN_ANNOTATION)?.value);
  if (!origin || /^repo:/m.test(origin)) return undefined;
  const p = /^path: *(.+?) *$/m.exec(origin)?.[1]?.replace(/^["']|["']$/g, '');
  return p ? path.resolve(wrapper, p) : undefined;
}

/** The manifest of a source file a rendered object comes from: the only one of its kind, else the longest name the rendered name contains. */
function sourceManifest(model: FileModel, rendered: Manifest): { m: Manifest; start: number } | undefined {
  const candidates: { m: Manifest; start: number }[] = [];
  for (const placed of model.documents) for (const m of placed.doc.manifests) if (m.kind === rendered.kind) candidates.push({ m, start: placed.start });
  if (candidates.length === 1) return candidates[0];
  const named = candidates.filter((c) => c.m.name !== undefined && rendered.name?.includes(c.m.name));
  named.sort((a, b) => (b.m.name?.length ?? 0) - (a.m.name?.length ?? 0));
  return named[0];
}

/**
 * Renders the overlay `dir` and checks the build (one workspace: the rendered objects). Findings
 * go to the files their objects came from, as `path` relative to `cwd`, their messages naming
 * the overlay; what cannot be placed goes to `<dir> (kustomize build)` with the rendered text.
 */
export async function checkKustomizeBuild(
  dir: string,
  renderer: Renderer,
  options: AnalysisOptions,
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<FileReport[] | { error: string }> {
  const abs = path.resolve(cwd, dir);
  const rendered = render(renderer, abs, env);
  if ('error' in rendered) return rendered;
  const label = path.relative(cwd, abs) || '.';
  // The build is the workspace: its objects, each named after the file it came from.
  const model = parseFile(rendered.text, undefined, { maxFileSizeKB: options.maxFileSizeKB ?? 0 });
  const index = new WorkspaceIndex();
  const buildName = `${label} (kustomize build)`;
  const objects = fileObjects(model, buildName).map((o) => {
    const at = model.documentAt(model.lines.offsetAt({ line: o.line, character: 0 }));
    const origin = at?.placed.doc.manifests[0] && originOf(at.placed.doc.manifests[0], rendered.wrapper);
    return origin ? { ...o, file: path.relative(cwd, origin) || origin } : o;
  });
  index.setObjects(buildName, objects);
  const analysis = (await analyzeFile(model, { ...options, workspace: index.facts() })) as FileAnalysis;
  const sources = new Map<string, { model: FileModel; text: string } | undefined>();
  const byFile = new Map<string, FileReport>();
  const unplaced: Diagnostic[] = [];
  for (const d of analysis.diagnostics) {
    const message = `${d.message} (in the kustomize build of ${label})`;
    const placed = d.document >= 0 ? analysis.model.documents[d.document] : undefined;
    const m = placed?.doc.manifests.find((x) => d.span.start - placed.start >= x.span.start && d.span.start - placed.start < x.span.end);
    const file = m && originOf(m, rendered.wrapper);
    if (!placed || !m || !file) {
      unplaced.push({ ...d, message, fixes: [] });
      continue;
    }
    if (!sources.has(file)) {
      let source: { model: FileModel; text: string } | undefined;
      try {
        const text = fs.readFileSync(file, 'utf8');
        source = { text, model: parseFile(text) };
      } catch {
        source = undefined;
      }
      sources.set(file, source);
    }
    const source = sources.get(file);
    const target = source && sourceManifest(source.model, m);
    if (!source || !target) {
      unplaced.push({ ...d, message, fixes: [] });
      continue;
    }
    const inner = follow(target.m.node, stepsTo(m.node, d.span.start - placed.start));
    const span = inner
      ? { start: target.start + inner.start, end: target.start + inner.end }
      : { start: target.start + target.m.span.start, end: target.start + target.m.span.start };
    const reportPath = path.relative(cwd, file) || file;
    let report = byFile.get(reportPath);
    if (!report) byFile.set(reportPath, (report = { path: reportPath, diagnostics: [], text: source.text }));
    report.diagnostics.push({
      rule: d.rule,
      severity: d.severity,
      message,
      span,
      range: { start: source.model.lines.positionAt(span.start), end: source.model.lines.positionAt(span.end) },
      fixes: [],
      document: -1,
    });
  }
  const out = [...byFile.values()];
  for (const r of out) r.diagnostics.sort((a, b) => a.span.start - b.span.start);
  if (unplaced.length > 0) out.push({ path: buildName, diagnostics: unplaced, text: rendered.text });
  return out;
}

/**
 * `--kustomize DIR…`: each overlay rendered and checked (`optionsFor` gives the options of a
 * file of the overlay's folder: its `.initlens.yaml`, the flags). Trouble (no renderer, a failed
 * build) goes to `trouble`, one line each.
 */
export async function checkKustomizeOverlays(
  dirs: readonly string[],
  optionsFor: (file: string) => AnalysisOptions,
  env: Record<string, string | undefined>,
  trouble: (line: string) => void,
): Promise<FileReport[]> {
  const renderer = findRenderer(env);
  if (!renderer) {
    trouble('--kustomize needs `kustomize` or `kubectl` on PATH, and neither is there (initlens never downloads one)');
    return [];
  }
  const cwd = process.cwd();
  const out: FileReport[] = [];
  for (const dir of dirs) {
    const abs = path.resolve(cwd, dir);
    let isDir = false;
    try {
      isDir = fs.statSync(abs).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) {
      trouble(`--kustomize ${dir}: not a directory`);
      continue;
    }
    const result = await checkKustomizeBuild(abs, renderer, optionsFor(path.join(abs, 'kustomization.yaml')), env, cwd);
    if ('error' in result) trouble(`--kustomize ${dir}: ${result.error}`);
    else out.push(...result);
  }
  return out;
}
