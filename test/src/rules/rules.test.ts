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
import { analyzeText, disableFix, type Diagnostic, type FileFix } from '../../../server/out/analysis/analyze';
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

function show(d: Diagnostic): string {
  const r = d.range;
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${d.severity} ${d.rule}: ${d.message}`;
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

export function applyFix(text: string, fix: FileFix): string {
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** Lines of `before` outside the edited lines must appear unchanged in `after`. */
function assertOnlyEditedLinesChanged(before: string, after: string, fix: FileFix, where: string): void {
  const edits = [...fix.edits].sort((a, b) => a.span.start - b.span.start);
  const firstLineStart = before.lastIndexOf('\n', edits[0].span.start - 1) + 1;
  const lastEdit = edits[edits.length - 1];
  let lastLineEnd = before.indexOf('\n', lastEdit.span.end);
  if (lastLineEnd < 0) lastLineEnd = before.length;
  assert.equal(after.slice(0, firstLineStart), before.slice(0, firstLineStart), `${where}: text before the edit changed`);
  const tail = before.slice(lastLineEnd);
  assert.equal(after.slice(after.length - tail.length), tail, `${where}: text after the edit changed`);
}

async function checkFix(text: string, d: Diagnostic, fix: FileFix, where: string, options: Parameters<typeof analyzeText>[1]): Promise<string> {
  const after = applyFix(text, fix);
  const again = await analyzeText(after, options);
  const syntax = again.diagnostics.filter((x) => x.rule === 'yaml-syntax' && x.severity === 'error');
  assert.deepEqual(syntax.map(show), [], `${where}: "${fix.title}" broke the YAML`);
  const before = await analyzeText(text, options);
  const count = (ds: Diagnostic[]) => ds.filter((x) => x.rule === d.rule && x.message === d.message).length;
  assert.ok(count(again.diagnostics) < count(before.diagnostics), `${where}: "${fix.title}" did not remove: ${show(d)}`);
  const known = new Set(before.diagnostics.map((x) => `${x.rule}|${x.message}`));
  const added = again.diagnostics.filter((x) => x.severity === 'error' && !known.has(`${x.rule}|${x.message}`));
  assert.deepEqual(added.map(show), [], `${where}: "${fix.title}" added errors`);
  assertOnlyEditedLinesChanged(text, after, fix, where);
  return after;
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
          missing.push(`line ${e.at + 1}: ${e.range.start.line + 1}:${e.range.start.character + 1}-${e.range.end.line + 1}:${e.range.end.character + 1} ${e.severity} ${e.rule}: ${e.message ?? '(any message)'}`);
          continue;
        }
        const [d] = unmatched.splice(i, 1);
        for (const want of e.fixes) {
          const fix = d.fixes.find((f) => f.title === want.title);
          assert.ok(fix, `${file}:${e.at + 1}: no fix "${want.title}"; offered: ${d.fixes.map((f) => f.title).join(' | ') || 'none'}`);
          const after = await checkFix(text, d, fix, `${file}:${e.at + 1}`, options);
          if (want.line !== undefined) {
            const line = after.split(/\r\n|\r|\n/)[d.range.start.line].trim();
            assert.equal(line, want.line, `${file}:${e.at + 1}: line after "${want.title}"`);
          }
        }
      }
      assert.deepEqual({ missing, unexpected: unmatched.map(show) }, { missing: [], unexpected: [] }, file);
      for (const d of analysis.diagnostics) {
        if (d.document < 0) continue;
        const fix = disableFix(analysis.model, d);
        assert.ok(fix, `${file}: no disable fix for ${show(d)}`);
        const after = applyFix(text, fix);
        const again = await analyzeText(after, options);
        const same = (ds: Diagnostic[]) => ds.filter((x) => x.rule === d.rule && x.message === d.message).length;
        assert.equal(same(again.diagnostics), same(analysis.diagnostics) - 1, `${file}: "${fix.title}" did not silence ${show(d)}`);
        assert.equal(again.diagnostics.length, analysis.diagnostics.length - 1, `${file}: "${fix.title}" for ${show(d)} changed other diagnostics`);
      }
    });
  }
});
