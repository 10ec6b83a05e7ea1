/**
 * Init container and native sidecar snippets (`../snippets.ts`) offered in a new
 * `initContainers` item; one that mounts a volume declares it in `volumes:` through
 * `additionalEdits`.
 */
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { versionAtLeast } from '../../config/options';
import type { PodSpec } from '../../model/podSpec';
import { getEntry, keyName, nodeAt, type Path } from '../../model/yamlNodes';
import type { TreeLocation, TreeManifest } from '../context';
import { escapeSnippet, INIT_SNIPPETS, type InitSnippet } from '../snippets';
import { type CompletionEdit, type CompletionItem, type Ctx, type KeyContext, PLACEHOLDER, yamlValue } from './items';

export function snippetItems(
  ctx: Ctx,
  p: { doc: Document.Parsed; text: string; delta: number },
  loc: TreeLocation,
  pod: { pod: PodSpec; path: Path },
  kc: KeyContext,
  withDash: boolean,
): Omit<CompletionItem, 'sortText'>[] {
  const out: Omit<CompletionItem, 'sortText'>[] = [];
  const sidecars = versionAtLeast(ctx.options.kubernetesVersion, 1, 29);
  for (const s of INIT_SNIPPETS) {
    if (s.sidecar && !sidecars) continue;
    let volume: string | undefined;
    let additionalEdits: CompletionEdit[] = [];
    if (s.volume) {
      const chosen = chooseVolume(pod.pod, s);
      volume = chosen.name;
      if (!chosen.exists) {
        const edit = volumeEdit(ctx, p, loc.manifest, pod, chosen.name);
        if (!edit) continue; // the volume cannot be declared (flow-style spec or volumes): do not offer it
        additionalEdits = [edit];
      }
    }
    const body = s.body.map((l) => (volume !== undefined ? l.replace(/\bVOLUME\b/g, escapeSnippet(volume)) : l));
    const first = withDash ? `- ${body[0]}` : body[0];
    const indent = ' '.repeat(kc.column + (withDash ? 2 : 0));
    const insertText = [first, ...body.slice(1).map((l) => indent + l)].join(ctx.eol) + '$0';
    const adds =
      additionalEdits.length && volume
        ? `\n\nAdds the volume \`${volume}\` (\`emptyDir\`) to \`volumes\`.`
        : volume
          ? `\n\nMounts the volume \`${volume}\`.`
          : '';
    out.push({
      label: s.label,
      kind: 'snippet',
      detail: s.detail,
      documentation: `${s.documentation}${adds}`,
      insertText,
      snippet: true,
      span: kc.span,
      additionalEdits,
    });
  }
  return out;
}

function chooseVolume(pod: PodSpec, s: InitSnippet): { name: string; exists: boolean } {
  const declared = new Set([...pod.volumes, ...pod.volumeClaimTemplates].map((v) => v.name).filter((n): n is string => n !== undefined));
  if (s.volume?.reuseAppVolume) {
    for (const c of pod.appContainers) for (const m of c.volumeMounts) if (m.name && declared.has(m.name)) return { name: m.name, exists: true };
  }
  const name = s.volume!.name;
  return { name, exists: declared.has(name) };
}

function lineEndAt(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

/** The offset of the end of the last non-blank character before `end`. */
function lastContentBefore(text: string, end: number): number {
  let i = end;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  return i;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/**
 * The edit that declares `name` as an `emptyDir` volume: a new item of a block `volumes` list,
 * or a new `volumes:` key at the end of the pod spec (at its start when the pod spec ends on the
 * line being completed). In the original text's offsets; undefined when it cannot be placed.
 */
function volumeEdit(
  ctx: Ctx,
  p: { doc: Document.Parsed; text: string; delta: number },
  manifest: TreeManifest,
  pod: { path: Path },
  name: string,
): CompletionEdit | undefined {
  const spec = nodeAt(manifest.node, pod.path);
  if (!isMap(spec) || spec.flow) return undefined;
  const { eol } = ctx;
  const text = p.text;
  const patchedLineEnd = ctx.line.end + p.delta;
  const toOriginal = (o: number): number | undefined => (o < ctx.line.start ? o : o > patchedLineEnd ? o - p.delta : undefined);
  const item = (dashCol: number) => `${' '.repeat(dashCol)}- name: ${yamlValue(name)}${eol}${' '.repeat(dashCol + 2)}emptyDir: {}`;
  const volumes = getEntry(spec, 'volumes');
  if (volumes) {
    const value = volumes.value;
    const keyCol = columnOf(text, volumes.keySpan.start);
    if (value === null || (isScalar(value) && value.value === null)) {
      const at = toOriginal(lineEndAt(text, volumes.keySpan.end));
      return at === undefined ? undefined : { span: { start: at, end: at }, newText: `${eol}${item(keyCol + 2)}` };
    }
    if (!isSeq(value) || value.flow || !value.items.length) return undefined;
    const firstStart = (value.items[0] as Node | null)?.range?.[0];
    const last = value.items[value.items.length - 1] as Node | null;
    if (firstStart === undefined || !last?.range) return undefined;
    const dash = text.lastIndexOf('-', firstStart - 1);
    const dashCol = columnOf(text, dash);
    const at = toOriginal(lineEndAt(text, lastContentBefore(text, last.range[1]) - 1));
    return at === undefined ? undefined : { span: { start: at, end: at }, newText: `${eol}${item(dashCol)}` };
  }
  const pairs = spec.items.filter((i) => keyName(i) !== PLACEHOLDER);
  if (!pairs.length) return undefined;
  const firstKey = (pairs[0].key as Node | null)?.range?.[0];
  if (firstKey === undefined) return undefined;
  const keyCol = columnOf(text, firstKey);
  const block = `${' '.repeat(keyCol)}volumes:${eol}${item(keyCol + 2)}`;
  const lastPair = pairs[pairs.length - 1];
  const lastNode = ((lastPair.value as Node | null)?.range ? lastPair.value : lastPair.key) as Node | null;
  if (lastNode?.range) {
    const end = lineEndAt(text, lastContentBefore(text, lastNode.range[1]) - 1);
    const at = toOriginal(end);
    if (at !== undefined && end > patchedLineEnd) return { span: { start: at, end: at }, newText: `${eol}${block}` };
  }
  const start = text.lastIndexOf('\n', firstKey - 1) + 1;
  const at = toOriginal(start);
  return at === undefined ? undefined : { span: { start: at, end: at }, newText: `${block}${eol}` };
}
