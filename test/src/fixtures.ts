/**
 * Fixtures with inline expectations. A fixture is a YAML file whose comments say what initlens
 * must report:
 *
 *     imagePulPolicy: Always
 *   # ^^^^^^^^^^^^^^ error schema: <exact message>
 *   # fix: Change to `imagePullPolicy` => imagePullPolicy: Always
 *
 * - `# ^^^ <severity> <rule>[: <message>]`: a diagnostic on the nearest line above that is not an
 *   expectation, from the first caret's column to the last caret's column + 1.
 * - `# expect L:C-L:C <severity> <rule>[: <message>]`: the same with an explicit range (1-based
 *   lines and columns, end exclusive), for ranges at column 1 or spanning lines.
 * - A message ending in `...` matches by prefix; without a message only rule, severity and range
 *   are checked.
 * - `# fix[ (preferred, safe)]: <title>[ => <line>]` under an expectation: the fixes that diagnostic
 *   offers, all of them, with their `preferred`/`safe` flags. Every fix offered (listed or not, in
 *   every fixture) must make its diagnostic go away, add no error and keep every other line byte
 *   for byte; with `=>` the line of the diagnostic, trimmed, must read `<line>` after the fix.
 * - `# initlens-test: kubernetesVersion=1.28, schema=false, rules.<id>=<severity>` sets options;
 *   `workspace=true` gives the analysis a workspace index over the fixture's own documents (as
 *   the file `fixture.yaml`), for the cross-file rules.
 * Every diagnostic must be expected; every expectation must be met.
 */
import { WorkspaceIndex } from '../../server/out/workspace/index';
import { defaultOptions, parseKubeVersion, type AnalysisOptions, type Severity } from '../../server/out/config/options';

export interface Position0 {
  line: number;
  character: number;
}

export interface Expectation {
  /** Line of the expectation comment (0-based), for messages. */
  at: number;
  severity: Severity;
  rule: string;
  range: { start: Position0; end: Position0 };
  message?: string;
  messagePrefix?: boolean;
  fixes: { title: string; line?: string; preferred: boolean; safe: boolean }[];
}

export interface Fixture {
  text: string;
  options: AnalysisOptions;
  expectations: Expectation[];
}

const CARET = /^(\s*#\s*)(\^+)\s+(error|warning|info|hint)\s+([\w-]+)(?::\s?(.*))?$/;
const EXPLICIT = /^\s*#\s*expect\s+(\d+):(\d+)-(\d+):(\d+)\s+(error|warning|info|hint)\s+([\w-]+)(?::\s?(.*))?$/;
const FIX = /^\s*#\s*fix(?:\s*\(([\w, ]+)\))?:\s*(.*?)(?:\s+=>\s+(.*))?$/;
const OPTIONS = /^\s*#\s*initlens-test:\s*(.*)$/;

function message(raw: string | undefined): { message?: string; messagePrefix?: boolean } {
  if (raw === undefined || raw.trim() === '') return {};
  const m = raw.trimEnd();
  return m.endsWith('...') ? { message: m.slice(0, -3), messagePrefix: true } : { message: m };
}

export function parseFixture(text: string): Fixture {
  const lines = text.split(/\r\n|\r|\n/);
  const options = defaultOptions();
  const expectations: Expectation[] = [];
  let target = -1; // last line that is not an expectation
  lines.forEach((line, i) => {
    let m: RegExpExecArray | null;
    if ((m = OPTIONS.exec(line))) {
      for (const part of m[1]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const [k, v] = part.split('=').map((s) => s.trim());
        if (k === 'kubernetesVersion') options.kubernetesVersion = parseKubeVersion(v) ?? options.kubernetesVersion;
        else if (k === 'schema') options.schema = v === 'true';
        else if (k === 'workspace') {
          if (v === 'true') {
            const index = new WorkspaceIndex();
            index.setText('fixture.yaml', text, 0);
            options.workspace = index.facts();
          }
        } else if (k.startsWith('rules.')) options.severities[k.slice(6)] = v as Severity;
        else throw new Error(`line ${i + 1}: unknown fixture option ${k}`);
      }
    } else if ((m = CARET.exec(line))) {
      const start = m[1].length;
      expectations.push({
        at: i,
        range: { start: { line: target, character: start }, end: { line: target, character: start + m[2].length } },
        severity: m[3] as Severity,
        rule: m[4],
        ...message(m[5]),
        fixes: [],
      });
    } else if ((m = EXPLICIT.exec(line))) {
      expectations.push({
        at: i,
        range: { start: { line: +m[1] - 1, character: +m[2] - 1 }, end: { line: +m[3] - 1, character: +m[4] - 1 } },
        severity: m[5] as Severity,
        rule: m[6],
        ...message(m[7]),
        fixes: [],
      });
    } else if ((m = FIX.exec(line)) && expectations.length && expectations[expectations.length - 1].at < i) {
      const flags = (m[1] ?? '').split(',').map((f) => f.trim());
      expectations[expectations.length - 1].fixes.push({ title: m[2], line: m[3], preferred: flags.includes('preferred'), safe: flags.includes('safe') });
    } else {
      target = i;
    }
  });
  return { text, options, expectations };
}
