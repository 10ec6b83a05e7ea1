/** model/locate.ts: what is at an offset (manifest, path from the manifest root, key or value). Cursor: `⦚`. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from '../../../server/out/model/document';
import { locate } from '../../../server/out/model/locate';
import { parseMarkers } from '../features/markers';

interface Expected {
  path: (string | number)[];
  onKey: boolean;
  /** The manifest's path from the document root. */
  manifest?: (string | number)[];
  /** The scalar text at the cursor, if the innermost node is a scalar. */
  scalar?: string;
}

function check(marked: string, expected: Expected | undefined): void {
  const { text, cursor } = parseMarkers(marked);
  const loc = locate(parseDocument(text), cursor);
  if (expected === undefined) {
    assert.equal(loc, undefined);
    return;
  }
  assert.ok(loc, 'a location');
  const node = loc.node as { value?: unknown } | undefined;
  assert.deepEqual(
    { path: loc.path, onKey: loc.onKey, manifest: loc.manifest.path, scalar: node && typeof node.value === 'string' ? node.value : undefined },
    { path: expected.path, onKey: expected.onKey, manifest: expected.manifest ?? [], scalar: expected.scalar },
  );
}

const POD = (body: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n${body}`;

describe('locate', () => {
  it('a key of a container: the path ends with the key, onKey', () => {
    check(POD('  initContainers:\n    - name: a\n      ima⦚ge: busybox\n'), { path: ['spec', 'initContainers', 0, 'image'], onKey: true, scalar: 'image' });
  });

  it('a value: the path of its key, not onKey', () => {
    check(POD('  initContainers:\n    - name: a\n      image: busy⦚box\n'), { path: ['spec', 'initContainers', 0, 'image'], onKey: false, scalar: 'busybox' });
  });

  it('the edges of a scalar belong to it', () => {
    check(POD('  containers:\n    - name: ⦚app\n'), { path: ['spec', 'containers', 0, 'name'], onKey: false, scalar: 'app' });
    check(POD('  containers:\n    - name: app⦚\n'), { path: ['spec', 'containers', 0, 'name'], onKey: false, scalar: 'app' });
  });

  it('an item of a list of scalars: the path ends with its index', () => {
    check(POD('  containers:\n    - name: app\n      command: ["sh", "-⦚c"]\n'), { path: ['spec', 'containers', 0, 'command', 1], onKey: false, scalar: '-c' });
  });

  it('the dash of an item: the path stops at the sequence', () => {
    check(POD('  containers:\n    ⦚- name: app\n'), { path: ['spec', 'containers'], onKey: false });
  });

  it('an item of a kind: List is its own manifest', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    spec:\n      restart⦚Policy: Never\n';
    check(text, { path: ['spec', 'restartPolicy'], onKey: true, manifest: ['items', 0], scalar: 'restartPolicy' });
  });

  it('no manifest (a document with a syntax error, or only comments): undefined', () => {
    check('apiVersion: v1\nkind: Pod\nspec: [⦚\n', undefined);
    check('# only a comment⦚\n', undefined);
  });
});
