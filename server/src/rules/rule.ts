/**
 * What a rule is. Rules are pure functions of the model: they read a manifest and report
 * findings at spans of its document; they never touch LSP, files or the network.
 */
import type { Manifest, YamlDocument } from '../model/document';
import type { Edit, Span } from '../model/text';
import type { AnalysisOptions, Severity } from '../config/options';

export interface Fix {
  title: string;
  edits: Edit[];
  /** Safe fixes are applied by `initlens check --fix` without a person looking. */
  safe: boolean;
  /** The fix an editor offers first (LSP `isPreferred`). */
  preferred?: boolean;
}

export interface Finding {
  rule: string;
  message: string;
  span: Span;
  /** Overrides the rule's default severity (e.g. a version-dependent rule); user settings still win. */
  severity?: Severity;
  fixes: Fix[] | LazyFixes;
}

/**
 * Fixes computed when first asked for (a code action, `--fix`, JSON/SARIF output), not while
 * analysing: for fixes built with the edit layer, each of which re-parses the document it edits.
 * Called at most once, later, on the same (immutable) document; if it throws, no fix is offered.
 */
export type LazyFixes = (() => Fix[]) & {
  /** None of these fixes is ever safe: `--fix` does not build them (see `unsafeOnly`). */
  unsafeOnly?: true;
};

/** Lazy fixes none of which is safe: built for an editor or a report, never by `--fix`. */
export function unsafeOnly(fixes: () => Fix[]): LazyFixes {
  return Object.assign(fixes, { unsafeOnly: true as const });
}

export interface Report {
  message: string;
  span: Span;
  severity?: Severity;
  fixes?: Fix[] | LazyFixes;
}

export interface RuleContext {
  doc: YamlDocument;
  manifest: Manifest;
  options: AnalysisOptions;
  report(finding: Report): void;
}

/** Catalogue facts about a rule id (`../shared/docs/rules.md`), shared by docs, SARIF and settings. */
export interface RuleInfo {
  id: string;
  defaultSeverity: Severity;
  /** One line: what the rule reports. */
  title: string;
}

export interface Rule extends RuleInfo {
  /** Runs once per manifest of a document without syntax errors. */
  check(ctx: RuleContext): void | Promise<void>;
}
