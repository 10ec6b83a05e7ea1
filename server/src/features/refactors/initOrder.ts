/**
 * "Move up in the init order" / "Move down in the init order" (issue 16, refactor 3) on an init
 * container or a native sidecar: it swaps places with its neighbour in `initContainers` (the
 * item's text, comments above its dash included, kept byte for byte).
 *
 * The title says what the move changes when it matters (ground truth §3: init containers run one
 * at a time in order; a sidecar starts in that order and keeps running):
 * - a regular init container moved above a sidecar runs before that sidecar has started (through
 *   a network proxy, its traffic fails);
 * - a sidecar moved below a regular init container starts after it, so that init container runs
 *   without it;
 * - two regular init containers sharing a volume: which one writes it first changes.
 */
import { YamlEditor } from '../../edits/yamlEdit';
import { helperImage, isNetworkProxy } from '../../knowledge/images';
import type { Container } from '../../model/podSpec';
import type { Refactor, RefactorProvider } from './refactor';
import { listSeq, quoted } from './support';

/** What `first` running before `second` (where it ran after it) changes, as a title suffix; `moved` is the one the cursor is on. */
function consequence(first: Container, second: Container, moved: Container): string {
  if (first.role === 'init' && second.role === 'sidecar') {
    // The init container now runs before the sidecar has started.
    const helper = helperImage(second.image);
    if (moved === first) {
      if (isNetworkProxy(helper)) return ` (runs before the proxy ${quoted(second)} it needs: its traffic will fail)`;
      return ` (runs before the sidecar ${quoted(second)} starts)`;
    }
    if (isNetworkProxy(helper)) return ` (starts after ${quoted(first)}: its traffic through the proxy will fail)`;
    return ` (starts after ${quoted(first)}, which then runs without it)`;
  }
  if (first.role === 'init' && second.role === 'init') {
    const shared = first.volumeMounts.find((m) => m.name !== undefined && second.volumeMounts.some((n) => n.name === m.name));
    if (shared) return ` (${moved === first ? `runs before ${quoted(second)}` : `runs after ${quoted(first)}`}, which shares volume "${shared.name}")`;
  }
  return '';
}

export const initOrder: RefactorProvider = {
  id: 'init-order',
  offer({ doc, pod, container: c }) {
    if (!c || c.list !== 'initContainers') return [];
    const seq = listSeq(pod, 'initContainers');
    if (!seq || seq.flow) return [];
    const byIndex = (i: number) => pod.initContainers.find((x) => x.index === i);
    const editor = new YamlEditor(doc);
    const out: Refactor[] = [];
    const prev = byIndex(c.index - 1);
    if (prev) {
      const edits = editor.moveItemBefore(seq, c.index, c.index - 1);
      if (edits) out.push({ id: 'init-order', title: `Move up in the init order${consequence(c, prev, c)}`, kind: 'refactor.move', edits });
    }
    const next = byIndex(c.index + 1);
    if (next) {
      const edits = editor.moveItemBefore(seq, c.index + 1, c.index);
      if (edits) out.push({ id: 'init-order', title: `Move down in the init order${consequence(next, c, c)}`, kind: 'refactor.move', edits });
    }
    return out;
  },
};
