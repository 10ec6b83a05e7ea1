/**
 * Code lens fixtures (`test/fixtures-features/lens/*.yaml`): manifest files in which
 *
 * - `⦚` marks where a lens starts (`⦚initContainers:`, `- ⦚name: proxy`), the position marker
 *   of every feature test (markers.ts); it is removed before parsing.
 * - `#> <title>` comment lines after a marker list the titles of the lenses there, in order.
 */
import * as path from 'node:path';
import { CURSOR } from './markers';

export const LENS_FIXTURES = path.resolve(__dirname, '../../../test/fixtures-features/lens');

export interface LensFixture {
  /** The text without markers. */
  text: string;
  /** `line:character` (0-based) → the titles expected there, in order. */
  expected: Map<string, string[]>;
}

const MARKER = new RegExp(CURSOR, 'g');
const TITLE = /^\s*#>\s?(.*)$/;

export function parseLensFixture(marked: string): LensFixture {
  const expected = new Map<string, string[]>();
  const lines = marked.split('\n');
  let last: string | undefined;
  const out: string[] = [];
  lines.forEach((line, i) => {
    const title = TITLE.exec(line);
    if (title) {
      if (!last) throw new Error(`line ${i + 1}: a #> title with no ${CURSOR} marker before it`);
      expected.get(last)!.push(title[1]);
      out.push(line);
      return;
    }
    let removed = 0;
    const clean = line.replace(MARKER, (_m, offset: number) => {
      last = `${i}:${offset - removed}`;
      removed++;
      expected.set(last, []);
      return '';
    });
    out.push(clean);
  });
  return { text: out.join('\n'), expected };
}

/** `line:col` (1-based) → titles, for readable failures. */
export function render(text: string, lenses: Map<string, string[]>): string[] {
  const lines = text.split('\n');
  return [...lenses]
    .map(([key, titles]) => {
      const [line, character] = key.split(':').map(Number);
      return { line, character, titles };
    })
    .sort((a, b) => a.line - b.line || a.character - b.character)
    .flatMap(({ line, character, titles }) => titles.map((t) => `${line + 1}:${character + 1} ${lines[line].slice(character, character + 20).trim()} → ${t}`));
}
