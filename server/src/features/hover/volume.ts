/**
 * Hover on a volume (a `volumes[].name`, a `volumeMounts[].name`, a claim template's name): who
 * mounts it where, in startup order.
 */
import { isScalar } from 'yaml';
import type { Location } from '../../model/locate';
import type { PodSpec, Volume } from '../../model/podSpec';
import type { Span } from '../../model/text';
import { formatPath, scalarText } from '../../model/yamlNodes';
import { startsWith } from '../context';
import { code, header, type HoverResult, roleLabel, scalarSpan } from './markdown';

const READ_ONLY_SOURCES = new Set(['configMap', 'secret', 'downwardAPI', 'projected', 'image']);

function volumeAtCursor(loc: Location, pod: PodSpec): { name: string; volume?: Volume; span: Span } | undefined {
  if (!isScalar(loc.node)) return undefined;
  const span = scalarSpan(loc);
  if (!span) return undefined;
  const p = loc.path;
  const last = p[p.length - 1];
  const all = [...pod.volumes, ...pod.volumeClaimTemplates];
  // volumes[k].name
  const declared = pod.volumes.find((v) => p.length === v.path.length + 1 && startsWith(p, v.path) && last === 'name');
  // volumeClaimTemplates[k].metadata.name
  const claim = pod.volumeClaimTemplates.find(
    (v) => p.length === v.path.length + 2 && startsWith(p, v.path) && p[v.path.length] === 'metadata' && last === 'name',
  );
  const own = declared ?? claim;
  if (own) return own.name === undefined ? undefined : { name: own.name, volume: own, span };
  // volumeMounts[n].name
  for (const c of pod.containers) {
    const m = c.volumeMounts.find((vm) => p.length === vm.path.length + 1 && startsWith(p, vm.path) && last === 'name');
    if (m) return m.name === undefined ? undefined : { name: m.name, volume: all.find((v) => v.name === m.name), span };
  }
  return undefined;
}

export function volumeHover(loc: Location, pod: PodSpec): HoverResult | undefined {
  const hit = volumeAtCursor(loc, pod);
  if (!hit) return undefined;
  const { name, volume } = hit;
  const source = volume?.source;
  const head = volume ? header(volume.path, `volume ${code(name)}${source ? ` · ${code(source)}` : ''}`) : `**volume ${code(name)}**`;
  const lines: string[] = [];
  if (!volume) lines.push(`Not declared in ${code(formatPath([...pod.path, 'volumes']))}: the API server rejects the mount.`);
  const readOnlySource = source !== undefined && READ_ONLY_SOURCES.has(source);
  let written = false;
  const mounts: string[] = [];
  for (const c of pod.containers) {
    for (const m of c.volumeMounts) {
      if (m.name !== name) continue;
      const readOnly = readOnlySource || scalarText(m.fields.get('readOnly')?.value) === 'true';
      let verb: string;
      if (readOnly) verb = 'read by';
      else if (c.role === 'init') {
        verb = 'written by';
        written = true;
      } else verb = written ? 'read by' : 'mounted by';
      const subPath = scalarText(m.fields.get('subPath')?.value) ?? scalarText(m.fields.get('subPathExpr')?.value);
      const at = m.mountPath !== undefined ? ` at ${code(m.mountPath)}` : '';
      mounts.push(`${verb} ${roleLabel(c)}${at}${subPath !== undefined ? ` (subPath ${code(subPath)})` : ''}`);
    }
  }
  if (mounts.length) lines.push(`In startup order:\n\n${mounts.map((m) => `- ${m}`).join('\n')}`);
  else lines.push('Not mounted by any container.');
  return { markdown: `${head}\n\n${lines.join('\n\n')}`, span: hit.span };
}
