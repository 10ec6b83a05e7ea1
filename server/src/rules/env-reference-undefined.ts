/**
 * `env-reference-undefined`: a `$(VAR)` reference Kubernetes cannot resolve, in `command`, `args`
 * or an `env[].value`. Kubernetes replaces `$(VAR)` with the container's variable VAR (in an env
 * value: only one defined earlier in the list) and leaves anything else as the literal text.
 */
import { isScalar } from 'yaml';
import { editArgValue } from '../edits/commandEdit';
import { YamlEditor } from '../edits/yamlEdit';
import { downwardVariable, SERVICE_LINK_VARIABLE } from '../knowledge/downwardApi';
import { argLineSpan, kubeRefs, type Arg } from '../model/commands';
import { mapScalar } from '../model/scalarOffsets';
import { formatPath, scalarText } from '../model/yamlNodes';
import { unsafeOnly, type Fix, type Rule } from './rule';
import { envNames, lineOf } from './commandSupport';
import { SUGGESTION_COMPARISONS, Suggestions } from './suggestions';
import { distance, isPartial } from './support';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The one defined name close to `name` (a typo or a case slip), if exactly one. */
function closest(name: string, names: Iterable<string>, spend: () => boolean): string | undefined {
  // The distance's table is quadratic: no suggestion for names of hundreds of characters.
  if (name.length < 4 || name.length > 256) return undefined;
  const upper = name.toUpperCase();
  const near: string[] = [];
  for (const n of names) {
    if (n === name || Math.abs(n.length - name.length) > 2) continue;
    if (!spend()) return undefined;
    if (distance(n.toUpperCase(), upper) <= (name.length >= 8 ? 2 : 1)) near.push(n);
  }
  return near.length === 1 ? near[0] : undefined;
}

export const envReferenceUndefined: Rule = {
  id: 'env-reference-undefined',
  defaultSeverity: 'warning',
  title: '`$(VAR)` in `command`, `args` or an env value names no variable defined (earlier) in the container: Kubernetes leaves it as literal text.',
  check({ doc, manifest, options, report }) {
    const pod = manifest.podSpec;
    if (!pod || isPartial(manifest, options)) return;
    const serviceLinks = scalarText(pod.fields.get('enableServiceLinks')?.value) !== 'false';
    // The controller of a custom resource may define variables itself (LeaderWorkerSet's LWS_*).
    const injected = manifest.workload?.custom?.injectedEnv ?? [];
    const known = (name: string) => (serviceLinks && SERVICE_LINK_VARIABLE.test(name)) || injected.includes(name);
    for (const c of pod.containers) {
      if (c.role === 'ephemeral' || c.hasEnvFrom) continue;
      const names = envNames(c);
      const defined = new Set(names);
      // Once per name, within a bound for the container (suggestions.ts).
      const suggestions = new Suggestions((name, spend) => closest(name, defined, spend));
      const line = lineOf(doc, manifest, c);
      const docBase = line.argv[0]?.docPath.slice(0, -2) ?? [...manifest.path, ...c.path];
      // command and args: every variable of the container counts.
      for (const arg of line.argv) {
        if (!arg.isString) continue;
        const inScript = arg === line.script?.arg;
        for (const ref of kubeRefs(arg.value)) {
          if (!NAME.test(ref.name) || defined.has(ref.name) || known(ref.name)) continue;
          // In a script, $(lowercase) is a command substitution; exec form: exec-form-shell-syntax says so.
          if (/^[a-z][a-z0-9_]*$/.test(ref.name)) continue;
          if (inScript && !/^[A-Z_][A-Z0-9_]*$/.test(ref.name)) continue;
          const typo = suggestions.for(ref.name);
          const then = inScript ? `, and the shell then runs \`${ref.name}\` as a command substitution` : '';
          const hint = typo ? `; did you mean $(${typo})?` : `; define ${ref.name} in env`;
          const message = `${formatPath(arg.path)}: $(${ref.name}) names no variable of this container's env — Kubernetes leaves the literal text "$(${ref.name})"${then}${hint}`;
          const fixes = unsafeOnly((): Fix[] => {
            const out: Fix[] = [];
            if (typo) {
              const edits = editArgValue(doc, arg, [{ start: ref.start + 2, end: ref.end - 1, text: typo }]);
              if (edits) out.push({ title: `Change to $(${typo})`, edits, safe: false, preferred: true });
            }
            const downward = downwardVariable(ref.name);
            if (downward && !typo) {
              const edits = new YamlEditor(doc).appendToList(c.node, 'env', { name: ref.name, valueFrom: { fieldRef: { fieldPath: downward.fieldPath } } });
              if (edits) out.push({ title: `Add env ${ref.name} from the downward API (${downward.fieldPath})`, edits, safe: false, preferred: true });
            }
            return out;
          });
          report({ span: argLineSpan(arg, ref.start, ref.end), message, fixes });
        }
      }
      // env values: only variables defined earlier in the list count (the set grows entry by entry).
      const earlier = new Set<string>();
      const lastIndex = new Map<string, number>();
      c.env.forEach((e, i) => {
        if (typeof e.name === 'string' && e.name !== '') lastIndex.set(e.name, i);
      });
      // Suggestions among earlier names depend on the entry: one budget for the container, no memo.
      let left = SUGGESTION_COMPARISONS;
      const spend = () => left-- > 0;
      c.env.forEach((e, i) => {
        const entry = e.fields.get('value');
        const node = entry?.value;
        const addName = () => {
          if (typeof e.name === 'string' && e.name !== '') earlier.add(e.name);
        };
        if (!isScalar(node) || typeof node.value !== 'string') return addName();
        const arg: Arg = {
          list: 'args',
          index: -1,
          argv: -1,
          value: node.value,
          isString: true,
          node: node,
          path: [...e.path, 'value'],
          docPath: [...docBase, 'env', e.index, 'value'],
          map: mapScalar(doc.text, node),
        };
        for (const ref of kubeRefs(node.value)) {
          if (!NAME.test(ref.name) || earlier.has(ref.name) || known(ref.name)) continue;
          const later = (lastIndex.get(ref.name) ?? -1) > i;
          const typo = later ? undefined : closest(ref.name, earlier, spend);
          const message = later
            ? `${formatPath(arg.path)}: $(${ref.name}) refers to ${ref.name}, which is defined after this entry — Kubernetes expands only variables defined earlier in env, so the value keeps the literal text "$(${ref.name})"; move ${ref.name} above ${e.name ?? 'this entry'}`
            : `${formatPath(arg.path)}: $(${ref.name}) names no variable defined before this entry — Kubernetes leaves the literal text "$(${ref.name})"${typo ? `; did you mean $(${typo})?` : `; define ${ref.name} above it in env`}`;
          const fixes = unsafeOnly((): Fix[] => {
            const edits = typo ? editArgValue(doc, arg, [{ start: ref.start + 2, end: ref.end - 1, text: typo }]) : undefined;
            return edits ? [{ title: `Change to $(${typo})`, edits, safe: false, preferred: true }] : [];
          });
          report({ span: argLineSpan(arg, ref.start, ref.end), message, fixes });
        }
        addName();
      });
    }
  },
};
