/**
 * The one runner over every fixture in test/fixtures/<rule-id>/*.yaml (see ../fixtures.ts for
 * the expectation syntax). Each fixture is also a check of the generic guarantees: every fix
 * offered keeps the YAML parseable, removes its diagnostic, adds no error and leaves the other
 * lines alone; "Disable <id> for this line" silences exactly that diagnostic.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyzeText, disableFix, type Diagnostic } from '../../../server/out/analysis/analyze';
import { anchorLine } from '../../../server/out/analysis/suppression';
import { applyFix, checkFix, show } from '../fixGuarantee';
import { parseFixture, type Expectation } from '../fixtures';

const ROOT = path.resolve(__dirname, '../../fixtures');

function fixtureFiles(): string[] {
  const out: string[] = [];
  for (const dir of fs.readdirSync(ROOT).sort()) {
    const full = path.join(ROOT, dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const f of fs.readdirSync(full).sort()) if (/\.ya?ml$/.test(f)) out.push(path.join(dir, f));
  }
  return out;
}

function matches(e: Expectation, d: Diagnostic): boolean {
  return (
    e.rule === d.rule &&
    e.severity === d.severity &&
    e.range.start.line === d.range.start.line &&
    e.range.start.character === d.range.start.character &&
    e.range.end.line === d.range.end.line &&
    e.range.end.character === d.range.end.character &&
    (e.message === undefined || (e.messagePrefix ? d.message.startsWith(e.message) : d.message === e.message))
  );
}

describe('rule fixtures', () => {
  for (const file of fixtureFiles()) {
    test(file, async () => {
      const fixture = parseFixture(fs.readFileSync(path.join(ROOT, file), 'utf8'));
      const { text, options, expectations } = fixture;
      const analysis = await analyzeText(text, options);
      const unmatched = [...analysis.diagnostics];
      const missing: string[] = [];
      for (const e of expectations) {
        const i = unmatched.findIndex((d) => matches(e, d));
        if (i < 0) {
          missing.push(
            `line ${e.at + 1}: ${e.range.start.line + 1}:${e.range.start.character + 1}-${e.range.end.line + 1}:${e.range.end.character + 1} ${e.severity} ${e.rule}: ${e.message ?? '(any message)'}`,
          );
          continue;
        }
        const [d] = unmatched.splice(i, 1);
        const offered = d.fixes.map((f) => `${f.title}${f.preferred ? ' (preferred)' : ''}${f.safe ? ' (safe)' : ''}`).sort();
        const listed = e.fixes.map((f) => `${f.title}${f.preferred ? ' (preferred)' : ''}${f.safe ? ' (safe)' : ''}`).sort();
        assert.deepEqual(offered, listed, `${file}:${e.at + 1}: fixes offered for ${show(d)}`);
        for (const want of e.fixes) {
          if (want.line === undefined) continue;
          const fix = d.fixes.find((f) => f.title === want.title)!;
          const lines = applyFix(text, fix).split(/\r\n|\r|\n/);
          const line = lines[d.range.start.line].trim();
          assert.equal(line, want.line, `${file}:${e.at + 1}: line after "${want.title}"`);
        }
      }
      assert.deepEqual({ missing, unexpected: unmatched.map(show) }, { missing: [], unexpected: [] }, file);
      for (const d of analysis.diagnostics) {
        for (const fix of d.fixes) await checkFix(text, d, fix, `${file} ${show(d)}`, options);
      }
      for (const d of analysis.diagnostics) {
        if (d.document < 0) continue;
        const fix = disableFix(analysis.model, d);
        assert.ok(fix, `${file}: no disable fix for ${show(d)}`);
        const after = applyFix(text, fix);
        const again = await analyzeText(after, options);
        // Every finding of that rule anchored on that line goes (a finding inside a multi-line
        // scalar is anchored on the line the scalar starts); nothing else changes.
        const anchor = (x: Diagnostic) => {
          const placed = analysis.model.documents[x.document];
          return `${x.document}:${anchorLine(placed.doc, x.span.start - placed.start)}`;
        };
        const sameLine = analysis.diagnostics.filter((x) => x.rule === d.rule && x.document >= 0 && anchor(x) === anchor(d)).length;
        const same = (ds: Diagnostic[]) => ds.filter((x) => x.rule === d.rule && x.message === d.message).length;
        assert.ok(same(again.diagnostics) < same(analysis.diagnostics), `${file}: "${fix.title}" did not silence ${show(d)}`);
        assert.equal(again.diagnostics.length, analysis.diagnostics.length - sameLine, `${file}: "${fix.title}" for ${show(d)} changed other diagnostics`);
      }
    });
  }
});
