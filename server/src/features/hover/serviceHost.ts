/**
 * Hover on a host a container connects to (a wait loop's `nc -z postgres 5432`, a URL or a
 * `host:port` in args or env, `$POSTGRES_SERVICE_HOST`: `rules/workspaceRefs.ts`' hosts): the
 * Service of the workspace it designates — its file, namespace, ports, selector and the workloads
 * whose pods it selects — or that the workspace has no Service of that name in that namespace.
 * Only with a workspace index (`ServiceLookup`).
 */
import type { YamlDocument } from '../../model/document';
import { placeRange, type IndexedObject } from '../../workspace/index';
import { documentRefs, resolveNamespace } from '../../workspace/references';
import { baseName } from '../../rules/workspaceRefs';
import { definitionsOf, selectedPods } from '../workspaceNavigation';
import { code, type HoverResult } from './markdown';

/** What the hover reads of the workspace. */
export interface ServiceLookup {
  /** The namespace of the file's manifests that set none (its kustomization's); undefined: `default`. */
  namespace?: string;
  /** The files of the workspace with the objects they define. */
  files(): Iterable<{ objects: readonly IndexedObject[] }>;
}

const line = (o: IndexedObject) => (o.at !== undefined ? placeRange(o.at).start.line : o.line) + 1;

export function serviceHostHover(doc: YamlDocument, offset: number, workspace: ServiceLookup | undefined): HoverResult | undefined {
  if (!workspace) return undefined;
  const ref = documentRefs(doc).find((r) => r.host && r.span.start <= offset && offset <= r.span.end);
  if (!ref) return undefined;
  const namespace = resolveNamespace(ref.namespace, workspace.namespace);
  const files = [...workspace.files()];
  const services = definitionsOf(files, 'Service', namespace, ref.name);
  const head = `**Service ${code(ref.name)}** · namespace ${code(namespace)} · ${ref.how}`;
  if (services.length === 0) {
    return { markdown: `${head}\n\nNo Service ${code(ref.name)} in namespace ${code(namespace)} in the workspace.`, span: ref.span };
  }
  const parts: string[] = [];
  for (const s of services) {
    const lines: string[] = [`Defined in ${code(baseName(s.file))} line ${line(s)}.`];
    const ports = s.ports ?? [];
    lines.push(
      ports.length === 0
        ? 'Ports: none.'
        : `Ports: ${ports.map((p) => `${code(p.port)}${p.name ? ` (${code(p.name)})` : ''}${p.targetPort !== undefined ? ` → ${code(p.targetPort)}` : ''}`).join(', ')}.`,
    );
    const selector = s.selector ?? {};
    const keys = Object.keys(selector);
    if (keys.length === 0) {
      lines.push('No selector: its endpoints are managed outside it.');
    } else {
      lines.push(`Selector: ${keys.map((k) => code(`${k}=${selector[k]}`)).join(', ')}.`);
      const pods = selectedPods(files, namespace, selector);
      lines.push(
        pods.length === 0
          ? 'Selects no pod template of the workspace (its pods come from elsewhere, or the labels differ).'
          : `Selects the pods of:\n\n${pods.map((o) => `- ${o.kind} ${code(o.name)} (${code(baseName(o.file))} line ${line(o)})`).join('\n')}`,
      );
    }
    parts.push(lines.join('\n\n'));
  }
  return { markdown: `${head}\n\n${parts.join('\n\n---\n\n')}`, span: ref.span };
}
