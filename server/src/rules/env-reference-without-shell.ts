/**
 * `env-reference-without-shell`: `$VAR` or `${VAR}` in an exec-form `command`/`args` item. Without
 * a shell nothing expands it: Kubernetes only replaces `$(VAR)`. Reported when VAR is a variable
 * of the container's `env`, so the intent is clear (a bare `$NAME` elsewhere may be a placeholder
 * that envsubst or a deploy tool fills in before the manifest is applied).
 */
import { editArgValue } from '../edits/commandEdit';
import { argLineSpan, shellRefs, type Arg } from '../model/commands';
import { formatPath } from '../model/yamlNodes';
import type { Fix, Rule } from './rule';
import { envNames, lineOf } from './commandSupport';

export const envReferenceWithoutShell: Rule = {
  id: 'env-reference-without-shell',
  defaultSeverity: 'warning',
  title: '`$VAR` or `${VAR}` in an exec-form `command`/`args` item: without a shell Kubernetes only expands `$(VAR)`.',
  check({ doc, manifest, report }) {
    const pod = manifest.podSpec;
    if (!pod) return;
    for (const c of pod.containers) {
      if (c.role === 'ephemeral') continue;
      const line = lineOf(doc, manifest, c);
      const defined = new Set(envNames(c));
      if (defined.size === 0) continue;
      const items: Arg[] = line.argv.filter((a) => a.isString && a !== line.script?.arg);
      for (const arg of items) {
        for (const ref of shellRefs(arg.value)) {
          if (!defined.has(ref.name)) continue;
          const written = arg.value.slice(ref.start, ref.end);
          const where = line.script ? `it comes after the script of ${line.script.invocation.shell} -c, where no shell reads it` : 'exec form runs no shell';
          const message = `${formatPath(arg.path)}: ${JSON.stringify(written)} is passed literally — ${where}, and Kubernetes expands only $(${ref.name}); write $(${ref.name})`;
          const fixes = (): Fix[] => {
            const edits = ref.plain ? editArgValue(doc, arg, [{ start: ref.start, end: ref.end, text: `$(${ref.name})` }]) : undefined;
            return edits ? [{ title: `Write $(${ref.name})`, edits, safe: false, preferred: true }] : [];
          };
          report({ span: argLineSpan(arg, ref.start, ref.end), message, fixes });
        }
      }
    }
  },
};
