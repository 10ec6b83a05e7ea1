/**
 * `package-install-at-startup`: an init container (or a sidecar) installs packages when it starts
 * (`apt-get install`, `apk add`, `pip install`, `npm install`…): every pod start waits for a
 * package repository, needs egress to it, and may get other versions than the last one.
 */
import { installCommand } from '../knowledge/packageManagers';
import { formatPath } from '../model/yamlNodes';
import type { Rule } from './rule';
import { viewPath, commandSpan, commandViews, lineOf, shortText } from './commandSupport';

export const packageInstallAtStartup: Rule = {
  id: 'package-install-at-startup',
  defaultSeverity: 'info',
  title: 'An init script installs packages (`apt-get install`, `apk add`, `pip install`, `npm install`…) at every pod start.',
  check({ doc, manifest, report }) {
    const pod = manifest.podSpec;
    if (!pod) return;
    for (const c of pod.initContainers) {
      const line = lineOf(doc, manifest, c);
      for (const view of commandViews(line)) {
        const prog = view.program;
        if (!prog) continue;
        const pm = installCommand(
          prog.name,
          prog.args.map((w) => w.literal ?? w.text),
        );
        if (!pm) continue;
        const path = viewPath(view) ?? c.path;
        const shown = shortText(
          view.simple && view.script ? view.script.arg.value.slice(view.simple.start, view.simple.end) : view.words.map((w) => w.text).join(' '),
          50,
        );
        const kind = c.role === 'sidecar' ? 'sidecar' : 'init container';
        const message = `${formatPath(path)}: this ${kind} installs ${pm.what} (\`${shown}\`) every time a pod starts — startup waits for the package repository, needs network access to it and may get other versions each time; install them in the image instead`;
        report({ span: commandSpan(view, doc.text), message });
        break;
      }
    }
  },
};
