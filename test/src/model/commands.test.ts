/** A container's command line: argv, shell and script, and Kubernetes' own `$(VAR)` references. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { argSpan, commandLineOf, kubeRefs } from '../../../server/out/model/commands';
import { parseDocument } from '../../../server/out/model/document';

test('kubeRefs reads $(NAME) as Kubernetes does: $$ escapes, ( runs to the first )', () => {
  const refs = (v: string) => kubeRefs(v).map((r) => `${r.name}@${r.start}-${r.end}`);
  assert.deepEqual(refs('--host=$(DB_HOST):$(PORT)'), ['DB_HOST@7-17', 'PORT@18-25']);
  assert.deepEqual(refs('$$(ESCAPED) $$$(REAL)'), ['REAL@14-21']);
  assert.deepEqual(refs('$(cat /x) $(unclosed'), ['cat /x@0-9']);
  assert.deepEqual(refs('$VAR ${VAR} $ $'), []);
});

function line(yaml: string, container = 0) {
  const doc = parseDocument(yaml);
  const m = doc.manifests[0];
  return { doc, l: commandLineOf(doc.text, m, m.podSpec!.containers[container]) };
}

test('exec form, shell with the script in args, and the script mapped into the YAML', () => {
  const yaml = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  containers:',
    '    - name: a',
    '      image: x',
    '      command: ["/bin/sh", "-ec"]',
    '      args:',
    '        - |',
    '          mkdir /data/x',
    '          echo "$POD_IP"',
    '    - name: b',
    '      image: x',
    '      args: [--port, 8080]',
    '',
  ].join('\n');
  const { doc, l } = line(yaml);
  assert.deepEqual(
    l.argv.map((a) => `${a.list}[${a.index}]`),
    ['command[0]', 'command[1]', 'args[0]'],
  );
  assert.equal(l.shell?.shell, 'sh');
  assert.equal(l.script?.errexit, true);
  assert.deepEqual(l.script?.arg.path, ['spec', 'containers', 0, 'args', 0]);
  const s = l.script;
  const c = s.script.commands[0];
  const span = argSpan(s.arg, c.start, c.end);
  assert.equal(doc.text.slice(span.start, span.end), 'mkdir /data/x');
  const b = line(yaml, 1).l;
  assert.equal(b.entrypointUnknown, true);
  assert.equal(b.complete, false, 'a number item is not a string');
  assert.equal(b.shell, undefined);
});
