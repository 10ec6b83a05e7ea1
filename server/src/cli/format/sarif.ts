/**
 * `--format sarif`: SARIF 2.1.0 with one run, kept to what GitHub code scanning documents it
 * reads (tool.driver with its rules, results with ruleId/ruleIndex/level/message/one physical
 * location), plus `fixes` where a finding has them. Regions are 1-based; columns count UTF-16
 * code units (`columnKind`).
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../../analysis/analyze';
import type { Range } from '../../model/text';
import { ruleDocText, ruleWebUrl } from '../../paths';
import { ALL_RULE_INFOS } from '../../rules/index';
import type { RuleInfo } from '../../rules/rule';
import type { Severity } from '../../config/options';
import type { FileReport } from '../report';
import { terminalSafeJson } from '../terminal';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export function sarifRegion(r: Range): SarifRegion {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

/**
 * A path below the working directory becomes a relative URI against `%SRCROOT%` (what GitHub
 * resolves against the checkout); an absolute path or one outside it becomes a `file:` URI;
 * standard input is `stdin`.
 */
export function artifactLocation(reported: string, cwd: string = process.cwd()): SarifArtifactLocation {
  if (reported === '-') return { uri: 'stdin' };
  const absolute = path.resolve(cwd, reported);
  const rel = path.relative(cwd, absolute);
  const outside = rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
  if (path.isAbsolute(reported) || outside) return { uri: pathToFileURL(absolute).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * What a rule reports, in one paragraph of its Markdown documentation: the first paragraph of its
 * "What" section, else its first paragraph that is not a heading or the severity line.
 */
export function ruleSummary(markdown: string): string | undefined {
  const paragraphs = markdown.split(/\r?\n[ \t]*\r?\n/).map((p) => p.trim());
  const what = paragraphs.findIndex((p) => /^#+\s*What\s*$/i.test(p.split(/\r?\n/)[0]));
  const candidates: string[] = [];
  if (what >= 0) {
    // The heading and the paragraph may be one block (no blank line after the heading).
    const [, ...rest] = paragraphs[what].split(/\r?\n/);
    if (rest.length) candidates.push(rest.join('\n'));
    candidates.push(...paragraphs.slice(what + 1));
  } else {
    candidates.push(...paragraphs);
  }
  const at = candidates.findIndex((p) => p && !p.startsWith('#') && !p.startsWith('**Default severity'));
  if (at < 0) return undefined;
  let text = candidates[at];
  // "…, and why. At most one per file:" introduces a list: keep the list.
  if (text.endsWith(':') && candidates[at + 1] && !candidates[at + 1].startsWith('#')) text += `\n${candidates[at + 1]}`;
  return text.replace(/\s*\r?\n\s*/g, ' ');
}

function reportingDescriptor(info: RuleInfo): unknown {
  const doc = ruleDocText(info.id);
  return {
    id: info.id,
    shortDescription: { text: info.title },
    fullDescription: { text: (doc && ruleSummary(doc)) ?? info.title },
    help: { text: doc ?? info.title, markdown: doc ?? info.title },
    ...(ruleWebUrl(info.id) ? { helpUri: ruleWebUrl(info.id) } : {}),
    defaultConfiguration: { level: sarifLevel(info.defaultSeverity) },
  };
}

/** The key of `partialFingerprints` (versioned: a change of what it hashes gets a new key). */
export const FINGERPRINT_KEY = 'initlensFinding/v1';

/**
 * Stable fingerprints for a file's findings: a hash of the rule, the file, the message and the
 * flagged text with its blanks collapsed (not its line numbers: a finding keeps its fingerprint
 * when lines above it come or go), then `:n` for the n-th identical one in the file. Code
 * scanning matches alerts across commits by it.
 */
export function fingerprints(reported: string, diagnostics: readonly Diagnostic[], text: string | undefined): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const flagged = text === undefined ? '' : text.slice(d.span.start, d.span.end).replace(/\s+/g, ' ').trim();
    const hash = createHash('sha256')
      .update([d.rule, reported.split(path.sep).join('/'), d.message, flagged].join('\0'))
      .digest('hex')
      .slice(0, 32);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  });
}

function result(d: Diagnostic, location: SarifArtifactLocation, ruleIndex: Map<string, number>, fingerprint: string): unknown {
  const index = ruleIndex.get(d.rule);
  const out: Record<string, unknown> = { ruleId: d.rule };
  if (index !== undefined) out.ruleIndex = index;
  out.level = sarifLevel(d.severity);
  out.message = { text: d.message };
  out.locations = [{ physicalLocation: { artifactLocation: location, region: sarifRegion(d.range) } }];
  out.partialFingerprints = { [FINGERPRINT_KEY]: fingerprint };
  if (d.fixes.length > 0) {
    out.fixes = d.fixes.map((f) => ({
      description: { text: f.title },
      artifactChanges: [
        {
          artifactLocation: location,
          replacements: f.edits.map((e) => ({ deletedRegion: sarifRegion(e.range), insertedContent: { text: e.newText } })),
        },
      ],
    }));
  }
  return out;
}

export function toSarif(reports: readonly FileReport[], toolVersion: string, cwd: string = process.cwd()): unknown {
  const ruleIndex = new Map(ALL_RULE_INFOS.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'initlens',
            version: toolVersion,
            semanticVersion: toolVersion,
            rules: ALL_RULE_INFOS.map(reportingDescriptor),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: reports.flatMap((r) => {
          const location = artifactLocation(r.path, cwd);
          const prints = fingerprints(location.uri, r.diagnostics, r.text);
          return r.diagnostics.map((d, i) => result(d, location, ruleIndex, prints[i]));
        }),
      },
    ],
  };
}

export function formatSarif(reports: readonly FileReport[], toolVersion: string): string {
  return `${terminalSafeJson(JSON.stringify(toSarif(reports, toolVersion), null, 2))}\n`;
}
