/**
 * `sidecar-in-app-containers` (ground truth W4): in a Job or CronJob, a long-running helper
 * (network proxy, log shipper, telemetry agent) sits under `containers`. A Job's pod completes
 * when all its app containers have exited, and the helper never exits on its own.
 *
 * Reported when the helper is known (`knowledge/images.ts`) and runs its image's own program
 * (not a shell script, not a one-shot subcommand such as `--version`), or when its command never
 * exits (`tail -F`, `sleep infinity`, an endless loop, a server in the foreground: what
 * `init-never-completes` knows, `neverExits.ts`); and only beside at least one other app container; and not when the pod already stops it (`/quitquitquit`,
 * `linkerd-await --shutdown`, `pkill`, …, or a file the worker leaves in a volume it shares with
 * the helper: `trap 'touch /shared/done' EXIT`), the usual workarounds before native sidecars.
 */
import { atLeast, formatKubeVersion } from '../config/options';
import { isJobLike } from '../model/kinds';
import { YamlEditor } from '../edits/yamlEdit';
import { helperImage } from '../knowledge/images';
import type { Container } from '../model/podSpec';
import { asSeq } from '../model/yamlNodes';
import { commandText, containerLabel, containerSpan, runsShellScript, stringList } from './containerFacts';
import type { Fix, Rule } from './rule';
import { neverExitingCommand, type Blocking } from './neverExits';
import { apiMessage } from './support';

/** Arguments that make a helper's program print something and exit. */
const ONE_SHOT = /^(?:--?version|version|-h|--help|help|validate|--validate|--dry-run|check|test|--test|--config-test|-t)$/;

/** Text showing the pod already stops the helper when the work is done. */
const STOPS_HELPER = /quitquitquit|linkerd-await|\bpkill\b|\bkillall\b|\bkill\s+-|\/shutdown\b|\/quit\b/;

/** A worker script that marks its end with a file. */
const SIGNALS_BY_FILE = /\btrap\b|\btouch\b/;

function oneShot(c: Container): boolean {
  return [...stringList(c, 'command'), ...stringList(c, 'args')].some((w) => ONE_SHOT.test(w.trim()));
}

/** The container's own text (command, args, env, lifecycle hooks) stops the helpers. */
function stopsHelpers(docText: string, c: Container): boolean {
  return STOPS_HELPER.test(docText.slice(c.span.start, c.span.end));
}

export const sidecarInAppContainers: Rule = {
  id: 'sidecar-in-app-containers',
  defaultSeverity: 'warning',
  title: 'In a Job or CronJob, a long-running helper (proxy, log or metrics agent) under `containers` keeps the Job from ever completing.',
  check({ doc, manifest, options, report }) {
    const pod = manifest.podSpec;
    const kind = manifest.workload?.kind;
    if (!pod || !(isJobLike(manifest.workload) || manifest.workload?.custom?.runsToCompletion)) return;
    const helpers: { c: Container; product?: string; blocking?: Blocking }[] = [];
    for (const c of pod.appContainers) {
      const h = helperImage(c.image);
      if (h && !runsShellScript(c) && !oneShot(c)) helpers.push({ c, product: h.product });
      else {
        const blocking = neverExitingCommand(doc, manifest, c);
        if (blocking) helpers.push({ c, blocking });
      }
    }
    if (helpers.length === 0) return;
    const workers = pod.appContainers.filter((c) => !helpers.some((x) => x.c === c));
    if (workers.length === 0) return; // the helper is the Job's own work (or all of it is helpers)
    if (workers.some((c) => stopsHelpers(doc.text, c))) return;
    // A worker that leaves a file behind (`trap … EXIT`, `touch /shared/done`) in a volume it shares
    // with the helper: the helper (or a wrapper around it) watches for it and exits.
    const shares = (a: Container, b: Container) => a.volumeMounts.some((m) => m.name !== undefined && b.volumeMounts.some((n) => n.name === m.name));
    const signals = (h: Container) => workers.some((w) => SIGNALS_BY_FILE.test(doc.text.slice(w.span.start, w.span.end)) && shares(w, h));
    if (helpers.some((x) => /--quitquitquit|--shutdown/.test(commandText(x.c)))) return;
    const native = atLeast(options, 1, 29);
    const containers = asSeq(pod.fields.get('containers')?.value);
    const editor = new YamlEditor(doc);
    for (const { c, product, blocking } of helpers) {
      if (signals(c)) continue;
      const label = containerLabel(c);
      const what = blocking
        ? `${label}: ${blocking.what}, so this ${kind} never completes`
        : `${label}${label === product ? '' : ` (${product})`} runs until it is stopped, so this ${kind} never completes`;
      const why = native
        ? `a Job's pod finishes only when every container under \`containers\` has exited; as a native sidecar (in initContainers with \`restartPolicy: Always\`) it starts before ${workers.length === 1 ? `${containerLabel(workers[0])} and the kubelet stops it when ${containerLabel(workers[0])} finishes` : 'the other containers and the kubelet stops it when they finish'}.`
        : `a Job's pod finishes only when every container under \`containers\` has exited; native sidecars (initContainers with \`restartPolicy: Always\`), which the kubelet stops when the other containers finish, are on by default from Kubernetes 1.29 (the target is ${formatKubeVersion(options.kubernetesVersion)}); until then the main container has to stop it when its work is done.`;
      // Built when asked for: the move re-parses the document to check itself.
      const fixes = (): Fix[] => {
        if (!native || !containers) return [];
        const move = editor.moveItem(containers, c.index, pod.node, 'initContainers', {
          before: pod.fields.get('containers')?.pair,
          set: { restartPolicy: 'Always' },
        });
        return move ? [{ title: 'Move to initContainers as a native sidecar', edits: move, safe: false, preferred: true }] : [];
      };
      report({ span: blocking?.span ?? c.fields.get('image')?.valueSpan ?? containerSpan(c), message: apiMessage(c.path, what, why), fixes });
    }
  },
};
