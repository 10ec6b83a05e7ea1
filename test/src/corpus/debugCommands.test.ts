/**
 * The debugging commands over every real manifest of ../shared/corpus/real: every named container
 * of every pod spec gets them; each is one `kubectl` line that a POSIX shell splits back into the
 * words meant (the container name after `-c`, the pod name or the selector after `-l`, the
 * namespace after `-n`), however the manifest spells its names and labels; the hover on the
 * container's name shows the same lines.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { defaultOptions } from '../../../server/out/config/options';
import { debugCommands, POD_PLACEHOLDER } from '../../../server/out/features/debugCommands';
import { hoverAt } from '../../../server/out/features/hover/index';
import { podViews } from '../../../server/out/model/document';
import { parseFile } from '../../../server/out/model/file';
import { spanOf } from '../../../server/out/model/yamlNodes';

const CORPUS = path.resolve(__dirname, '../../../../shared/corpus/real');

/** The words a POSIX shell makes of a line of plain words and single-quoted strings (all the commands use). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      assert.ok(end > i, `an unterminated quote in ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (ch === '\\' && line[i + 1] === "'") {
      word = (word ?? '') + "'";
      i++;
    } else {
      assert.match(ch, /[A-Za-z0-9._\-/:=,@%+<>]/, `a character a shell would read specially, unquoted, in ${line}`);
      word = (word ?? '') + ch;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

const after = (words: string[], flag: string) => {
  const i = words.indexOf(flag);
  return i < 0 ? undefined : words[i + 1];
};

test('every named container of the corpus gets kubectl lines that say what they mean', { skip: !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}` }, (t) => {
  const options = defaultOptions();
  const target = options.kubernetesVersion;
  let containers = 0;
  let bySelector = 0;
  let byName = 0;
  for (const f of fs
    .readdirSync(CORPUS)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()) {
    const text = fs.readFileSync(path.join(CORPUS, f), 'utf8');
    const model = parseFile(text);
    for (const placed of model.documents) {
      for (const manifest of placed.doc.manifests) {
        for (const view of podViews(manifest)) {
          for (const c of view.podSpec?.containers ?? []) {
            if (c.role === 'ephemeral' || !c.name || /[\u0000-\u001f\u007f]/.test(c.name)) continue;
            const where = `${f}: ${c.list}[${c.index}] ${c.name}`;
            const d = debugCommands(view, c, target);
            assert.ok(d, `${where}: commands`);
            containers++;
            if (d.pod && 'selector' in d.pod) bySelector++;
            else if (d.pod) byName++;
            for (const { kind, command } of d.commands) {
              const words = shellWords(command);
              assert.equal(words[0], 'kubectl', `${where}: ${command}`);
              if (kind !== 'watch') assert.equal(after(words, '-c'), c.name, `${where}: -c in ${command}`);
              if (d.pod && 'selector' in d.pod && kind !== 'exec') assert.equal(after(words, '-l'), d.pod.selector, `${where}: -l in ${command}`);
              if (d.pod && 'name' in d.pod) assert.ok(words.includes(d.pod.name), `${where}: the pod's name in ${command}`);
              // The placeholder only where kubectl cannot pick the pod: exec, and logs without labels to select by.
              const placeholder: boolean = kind !== 'watch' && d.pickPod && (kind === 'exec' || !(d.pod && 'selector' in d.pod));
              assert.equal(words.includes(POD_PLACEHOLDER), placeholder, `${where}: ${POD_PLACEHOLDER} in ${command}`);
            }
            // The hover on its name shows the same lines.
            const name = c.fields.get('name');
            const span = name && spanOf(name.value);
            if (!span) continue;
            const h = hoverAt(model, placed.start + span.start + 1, options);
            assert.ok(h?.markdown.includes(['```sh', ...d.commands.map((x) => x.command), '```'].join('\n')), `${where}: the hover shows the commands`);
          }
        }
      }
    }
  }
  t.diagnostic(`debug commands for ${containers} containers: ${byName} pods by name, ${bySelector} by a label selector`);
  assert.ok(containers > 500 && bySelector > 300 && byName > 50, `${containers} containers, ${bySelector} by selector, ${byName} by name`);
});
