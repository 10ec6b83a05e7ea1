/**
 * `.initlens.yaml`: what a repository says about its manifests, read the same way by the CLI and
 * the language server (docs/configuration.md, schemas/initlens.schema.json).
 *
 *   kubernetesVersion: "1.34"            the version the manifests target
 *   rules:                               severity per rule id (off, hint, info, warning, error)
 *     image-tag-mutable: off
 *   exclude:                             globs, relative to the file's folder
 *     - charts/**\/templates/**
 *   crds:                                folders or files of CustomResourceDefinitions, relative
 *     - deploy/crds                      to the file's folder (./schema/crdFolders.ts)
 *
 * A file applies to the files in its folder and below. It is found by walking up from a
 * manifest's folder; the walk stops at a root (a workspace folder, or a folder holding `.git`).
 * What it sets wins over editor settings and defaults; what it leaves out, they decide. On the
 * CLI, `--kubernetes-version` wins over it.
 *
 * Reading never throws: every problem in the file (YAML syntax, an unknown key or rule id, a
 * value of the wrong kind) is a `ConfigProblem` with its place in the file; the valid parts
 * still apply. Personal settings (trace, code lenses, size limit, schema on/off) stay in the
 * editor: the file is about the repository.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import {
  formatKubeVersion,
  isSeveritySetting,
  parseKubeVersion,
  SEVERITY_SETTINGS,
  type AnalysisOptions,
  type KubeVersion,
  type SeveritySetting,
} from './config/options';
import { globTest, type GlobTest } from './config/glob';
import type { Range } from './model/text';
import { ruleInfo } from './rules/index';
import { crdCatalog } from './schema/crdFolders';

export const REPO_CONFIG_FILE = '.initlens.yaml';
const KEYS = ['kubernetesVersion', 'rules', 'exclude', 'crds'];
/** Editor settings someone may try here: they belong to the person, not the repository. */
const PERSONAL = ['trace', 'codeLens', 'maxFileSizeKB', 'schema'];

export interface RepoSettings {
  kubernetesVersion?: KubeVersion;
  rules?: Record<string, SeveritySetting>;
  exclude?: string[];
  /** Folders or files of CustomResourceDefinitions, as written (relative to the file's folder). */
  crds?: string[];
}

export interface ConfigProblem {
  message: string;
  /** 0-based lines, UTF-16 characters (as LSP). */
  range: Range;
}

export interface RepoConfig {
  /** The file's absolute path. */
  file: string;
  settings: RepoSettings;
  problems: ConfigProblem[];
  /** The text read (undefined when it could not be read). */
  text?: string;
}

function quote(s: string): string {
  return JSON.stringify(s);
}

/** Reads the text of a `.initlens.yaml`. Never throws. */
export function parseRepoConfig(text: string): { settings: RepoSettings; problems: ConfigProblem[] } {
  const settings: RepoSettings = {};
  const problems: ConfigProblem[] = [];
  const lines = new LineCounter();
  const at = (start: number, end: number): Range => {
    const a = lines.linePos(start);
    const b = lines.linePos(Math.max(start, end));
    return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
  };
  const problem = (node: Node | undefined | null, message: string): void => {
    const r = node?.range ?? [0, 0];
    problems.push({ message, range: at(r[0], r[1]) });
  };
  let parsed: ReturnType<typeof parseAllDocuments>;
  try {
    parsed = parseAllDocuments(text.replace(/^\uFEFF/, ''), { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    problems.push({ message: `cannot read the file: ${e instanceof Error ? e.message : String(e)}`, range: at(0, 0) });
    return { settings, problems };
  }
  const docs = Array.isArray(parsed) ? parsed : [];
  for (const doc of docs) {
    for (const e of doc.errors) problems.push({ message: `YAML: ${e.message.split('\n')[0]}`, range: at(e.pos[0], e.pos[1]) });
  }
  if (problems.length > 0) return { settings, problems };
  if (docs.length > 1) problem(docs[1].contents, `${REPO_CONFIG_FILE} holds one YAML document; the others are not read`);
  const root = docs[0]?.contents;
  if (root === undefined || root === null || (isScalar(root) && root.value === null)) return { settings, problems };
  if (!isMap(root)) {
    problem(root, `${REPO_CONFIG_FILE} must be a mapping with ${KEYS.join(', ')}`);
    return { settings, problems };
  }
  for (const pair of root.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
    const value = pair.value as Node | null;
    switch (key) {
      case 'kubernetesVersion': {
        const v = isScalar(value) && typeof value.value === 'string' ? parseKubeVersion(value.value) : undefined;
        if (v && v.major === 1) settings.kubernetesVersion = v;
        else if (isScalar(value) && typeof value.value === 'number')
          problem(
            value,
            `kubernetesVersion must be a string: write "${value.source ?? String(value.value)}" in quotes (unquoted, YAML reads 1.30 as the number 1.3)`,
          );
        else problem(value ?? keyNode, 'kubernetesVersion must be a string MAJOR.MINOR such as "1.34"');
        break;
      }
      case 'rules': {
        if (!isMap(value)) {
          problem(value ?? keyNode, `rules must be a mapping of rule id to ${SEVERITY_SETTINGS.join(', ')}`);
          break;
        }
        const rules: Record<string, SeveritySetting> = {};
        for (const rule of value.items) {
          const idNode = rule.key as Node | null;
          const id = isScalar(idNode) ? String(idNode.value) : undefined;
          const severity = isScalar(rule.value) ? rule.value.value : undefined;
          if (id === undefined || !ruleInfo(id))
            problem(idNode, `no rule has the id ${id === undefined ? 'given' : quote(id)} (docs/rules/README.md lists them)`);
          else if (!isSeveritySetting(severity)) problem((rule.value as Node | null) ?? idNode, `rules.${id} must be one of ${SEVERITY_SETTINGS.join(', ')}`);
          else rules[id] = severity;
        }
        settings.rules = rules;
        break;
      }
      case 'exclude': {
        if (!isSeq(value)) {
          problem(value ?? keyNode, 'exclude must be a list of glob patterns');
          break;
        }
        const globs: string[] = [];
        for (const item of value.items as (Node | null)[]) {
          if (isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '') globs.push(item.value.trim());
          else problem(item ?? value, 'each exclude entry must be a non-empty glob pattern (a string)');
        }
        settings.exclude = globs;
        break;
      }
      case 'crds': {
        if (!isSeq(value)) {
          problem(value ?? keyNode, 'crds must be a list of folders or files (of CustomResourceDefinitions)');
          break;
        }
        const paths: string[] = [];
        for (const item of value.items as (Node | null)[]) {
          if (isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '') paths.push(item.value.trim());
          else problem(item ?? value, 'each crds entry must be a folder or file path (a non-empty string)');
        }
        settings.crds = paths;
        break;
      }
      default:
        problem(
          keyNode,
          key !== undefined && PERSONAL.includes(key)
            ? `${quote(key)} is an editor setting (initlens.${key}), not read from ${REPO_CONFIG_FILE}`
            : `unknown key ${key === undefined ? '' : `${quote(key)} `}(expected ${KEYS.join(', ')})`,
        );
    }
  }
  return { settings, problems };
}

/** Reads a `.initlens.yaml` from disk. Never throws: an unreadable file is one problem. */
export function loadRepoConfig(file: string): RepoConfig {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      file: absolute,
      settings: {},
      problems: [{ message: `cannot read the file${code ? ` (${code})` : ''}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }],
    };
  }
  return { file: absolute, text, ...parseRepoConfig(text) };
}

/** `path:line:col: message`, 1-based, as the CLI prints a problem. */
export function formatProblem(config: RepoConfig, p: ConfigProblem, shown: string = config.file): string {
  return `${shown}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`;
}

/**
 * The options with what the file sets laid over them (rules merge per id); `file`, the config
 * file, is where its `crds` paths are relative to.
 */
export function applyRepoSettings(options: AnalysisOptions, settings: RepoSettings, file?: string): AnalysisOptions {
  const crds = settings.crds?.length && file ? crdCatalog(settings.crds.map((p) => path.resolve(path.dirname(file), p))) : undefined;
  if (!settings.kubernetesVersion && !settings.rules && !crds) return options;
  return {
    ...options,
    ...(crds ? { crdCatalog: crds } : {}),
    kubernetesVersion: settings.kubernetesVersion ?? options.kubernetesVersion,
    severities: settings.rules ? { ...options.severities, ...settings.rules } : options.severities,
  };
}

/** A short description of what the file sets, for logs. */
export function describeSettings(settings: RepoSettings): string {
  const parts: string[] = [];
  if (settings.kubernetesVersion) parts.push(`kubernetesVersion ${formatKubeVersion(settings.kubernetesVersion)}`);
  if (settings.rules) parts.push(`${Object.keys(settings.rules).length} rule severities`);
  if (settings.exclude) parts.push(`${settings.exclude.length} exclude patterns`);
  if (settings.crds) parts.push(`${settings.crds.length} CRD paths`);
  return parts.join(', ') || 'nothing';
}

const globCache = new Map<string, GlobTest | undefined>();

/** Whether `file` (absolute) is excluded by the config's globs (relative to its folder). */
export function isExcluded(config: RepoConfig, file: string): boolean {
  const globs = config.settings.exclude;
  if (!globs || globs.length === 0) return false;
  const rel = path.relative(path.dirname(config.file), path.resolve(file));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  const parts = rel.split(path.sep);
  for (const glob of globs) {
    const pattern = glob.replace(/^\.\//, '').replace(/\/+$/, '');
    if (!globCache.has(pattern)) globCache.set(pattern, globTest(pattern));
    const test = globCache.get(pattern);
    // The file, or a folder it is in (`charts` excludes everything below it).
    if (test) for (let n = parts.length; n > 0; n--) if (test(parts.slice(0, n).join('/'))) return true;
  }
  return false;
}

/**
 * Finds and caches `.initlens.yaml` files: the nearest one at or above a folder, stopping at a
 * root (one of `roots`, or a folder that holds `.git`).
 */
export class RepoConfigs {
  private readonly byFolder = new Map<string, string | null>();
  private readonly byFile = new Map<string, RepoConfig>();

  constructor(private roots: readonly string[] = []) {}

  setRoots(roots: readonly string[]): void {
    this.roots = roots.map((r) => path.resolve(r));
    this.forget();
  }

  /** Forget everything read (a config file changed on disk). */
  forget(): void {
    this.byFolder.clear();
    this.byFile.clear();
  }

  /** Reads `file` again; true when its text differs from what was read before. */
  refresh(file: string): boolean {
    const absolute = path.resolve(file);
    const before = this.byFile.get(absolute);
    const after = loadRepoConfig(absolute);
    if (before && before.text === after.text) return false;
    this.forget();
    return true;
  }

  /** The config file that applies to a file in `folder`, or undefined. */
  findFile(folder: string): string | undefined {
    const start = path.resolve(folder);
    const walked: string[] = [];
    let found: string | null = null;
    for (let dir = start; ;) {
      const known = this.byFolder.get(dir);
      if (known !== undefined) {
        found = known;
        break;
      }
      walked.push(dir);
      const candidate = path.join(dir, REPO_CONFIG_FILE);
      if (isFile(candidate)) {
        found = candidate;
        break;
      }
      const parent = path.dirname(dir);
      if (parent === dir || this.roots.includes(dir) || fs.existsSync(path.join(dir, '.git'))) break;
      dir = parent;
    }
    for (const dir of walked) this.byFolder.set(dir, found);
    return found ?? undefined;
  }

  /** The parsed config at `file`, read once. */
  load(file: string): RepoConfig {
    const absolute = path.resolve(file);
    let config = this.byFile.get(absolute);
    if (!config) this.byFile.set(absolute, (config = loadRepoConfig(absolute)));
    return config;
  }

  /** The config that applies to `file` (absolute or relative to the working directory), if any. */
  forFile(file: string): RepoConfig | undefined {
    const found = this.findFile(path.dirname(path.resolve(file)));
    return found === undefined ? undefined : this.load(found);
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
