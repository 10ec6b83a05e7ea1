/**
 * R10 `port-invalid` (`validateContainerPorts`, `checkHostPortConflicts`):
 * - `containerPort` (required, 0 counts as unset) and `hostPort` (0 = unset) must be 1–65535;
 * - `protocol` must be `TCP`, `UDP` or `SCTP` (case-sensitive; left out it defaults to TCP);
 * - a port `name` must be a valid IANA service name and unique within its container;
 * - no two app containers may claim the same `<protocol>/<hostIP>/<hostPort>`; each init
 *   container is checked only against itself, since init containers run one at a time. Quirk kept
 *   from the API server: it names every init container `initContainers[0]` in that error.
 * Only integer values are judged here; strings and other types are the `schema` rule's.
 */
import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import { type Container, type Item, stringField } from '../model/podSpec';
import { type Path, entries, formatPath, spanOf } from '../model/yamlNodes';
import { YamlEditor } from '../edits/yamlEdit';
import type { Fix, Rule, RuleContext } from './rule';
import { apiMessage, isTemplated, quote, supportedValues } from './support';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

const WHY_RANGE = 'a port number must be between 1 and 65535.';
const WHY_REQUIRED = 'a container port of 0 counts as not set, and every entry of `ports` needs one.';
const WHY_PROTOCOL = 'protocol names are case-sensitive: only `TCP`, `UDP` and `SCTP` are accepted.';
const WHY_NAME =
  'a port name is an IANA service name that Services (`targetPort`) and probes refer to: at most 15 characters, a-z, 0-9 and `-`, at least one letter.';
const WHY_NAME_DUPLICATE = 'Services and probes look a named port up by its name, so it must be unique within the container.';

/** `IsValidPortName`. */
export function portNameErrors(name: string): string[] {
  const errors: string[] = [];
  if (name.length > 15) errors.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errors.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errors.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errors.push('must not begin or end with a hyphen');
  return errors;
}

/** An integer scalar of an item (YAML 1.1: `8080`, `0x1F90`, …), with its node. */
function intField(item: Item, key: string): { value: number; node: Scalar } | undefined {
  const node = item.fields.get(key)?.value;
  if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value)) return undefined;
  // Beyond int32 the object does not even decode; that is a different error.
  if (node.value > 2147483647 || node.value < -2147483648) return undefined;
  return { value: node.value, node };
}

function portItems(c: Container): Item[] {
  const seq = c.fields.get('ports')?.value;
  if (!isSeq(seq)) return [];
  const out: Item[] = [];
  seq.items.forEach((node, index) => {
    const span = isMap(node) ? spanOf(node) : undefined;
    if (!isMap(node) || !span) return;
    out.push({ node, index, path: [...c.path, 'ports', index], span, fields: new Map(entries(node).map((e) => [e.key, e])) });
  });
  return out;
}

interface HostPort {
  key: string;
  span: { start: number; end: number };
  path: Path;
}

function checkPorts(ctx: RuleContext, ports: Item[]): void {
  const names = new Map<string, number>();
  for (const p of ports) {
    const name = stringField(p, 'name');
    if (name.kind === 'string' && name.value !== '' && !isTemplated(name.value)) {
      const errors = portNameErrors(name.value);
      const first = names.get(name.value);
      if (errors.length) {
        ctx.report({ span: name.span, message: apiMessage([...p.path, 'name'], `Invalid value: ${quote(name.value)}: ${errors.join(', ')}`, WHY_NAME) });
      } else if (first !== undefined) {
        ctx.report({
          span: name.span,
          message: apiMessage([...p.path, 'name'], `Duplicate value: ${quote(name.value)}`, `ports[${first}] already has this name; ${WHY_NAME_DUPLICATE}`),
        });
      } else {
        names.set(name.value, p.index);
      }
    }
    const containerPort = intField(p, 'containerPort');
    if (containerPort && containerPort.value === 0) {
      ctx.report({ span: spanOf(containerPort.node)!, message: apiMessage([...p.path, 'containerPort'], 'Required value', WHY_REQUIRED) });
    }
    for (const key of ['containerPort', 'hostPort'] as const) {
      const port = intField(p, key);
      if (!port || port.value === 0 || (port.value >= 1 && port.value <= 65535)) continue;
      ctx.report({
        span: spanOf(port.node)!,
        message: apiMessage([...p.path, key], `Invalid value: ${port.value}: must be between 1 and 65535, inclusive`, WHY_RANGE),
      });
    }
    const protocol = stringField(p, 'protocol');
    if (protocol.kind === 'string' && protocol.value !== '' && !PROTOCOLS.includes(protocol.value) && !isTemplated(protocol.value)) {
      const upper = protocol.value.toUpperCase();
      const fixes = (): Fix[] => {
        const edits = PROTOCOLS.includes(upper) ? new YamlEditor(ctx.doc).setScalar(protocol.node, upper) : undefined;
        return edits ? [{ title: `Change to \`${upper}\``, edits, safe: true, preferred: true }] : [];
      };
      ctx.report({
        span: protocol.span,
        message: apiMessage([...p.path, 'protocol'], `Unsupported value: ${quote(protocol.value)}: ${supportedValues(PROTOCOLS)}`, WHY_PROTOCOL),
        fixes,
      });
    }
  }
}

/** `AccumulateUniqueHostPorts`: the host ports of `ports` as `<protocol>/<hostIP>/<hostPort>`, in range, with the path the API server names. */
function hostPorts(ports: Item[], apiPath: Path): HostPort[] {
  const out: HostPort[] = [];
  for (const p of ports) {
    const port = intField(p, 'hostPort');
    if (!port || port.value < 1 || port.value > 65535) continue;
    const protocol = stringField(p, 'protocol');
    const hostIP = stringField(p, 'hostIP');
    if (protocol.kind === 'other' || hostIP.kind === 'other') continue;
    const proto = protocol.kind === 'string' && protocol.value !== '' ? protocol.value : 'TCP';
    const ip = hostIP.kind === 'string' ? hostIP.value : '';
    out.push({ key: `${proto}/${ip}/${port.value}`, span: spanOf(port.node)!, path: [...apiPath, 'ports', p.index, 'hostPort'] });
  }
  return out;
}

export const portInvalid: Rule = {
  id: 'port-invalid',
  defaultSeverity: 'error',
  title: 'A container or host port outside 1–65535, a bad protocol, a bad or repeated port name, or a hostPort two app containers claim (R10).',
  check(ctx) {
    const spec = ctx.manifest.podSpec;
    if (!spec) return;
    const ports = new Map(spec.containers.map((c) => [c, portItems(c)]));
    for (const c of spec.containers) checkPorts(ctx, ports.get(c)!);

    const conflicts = (list: { hp: HostPort; owner: string }[], note = '') => {
      const seen = new Map<string, string>();
      for (const { hp, owner } of list) {
        const first = seen.get(hp.key);
        if (first === undefined) {
          seen.set(hp.key, owner);
          continue;
        }
        ctx.report({
          span: hp.span,
          message: apiMessage(
            hp.path,
            `Duplicate value: ${quote(hp.key)}`,
            `${first} already claims this host port, and a host port can be bound only once at a time${note}.`,
          ),
        });
      }
    };
    // App containers run together: checked across all of them.
    conflicts(spec.appContainers.flatMap((c) => hostPorts(ports.get(c)!, c.path).map((hp) => ({ hp, owner: ownerOf(c.path, hp) }))));
    // Init containers run one at a time: each only against itself, under the API server's `[0]`.
    for (const c of spec.initContainers) {
      const note = c.index === 0 ? '' : ` (the API server names every init container \`initContainers[0]\` in this error)`;
      conflicts(
        hostPorts(ports.get(c)!, [...spec.path, 'initContainers', 0]).map((hp) => ({ hp, owner: ownerOf(c.path, hp) })),
        note,
      );
    }
  },
};

/** `spec.containers[0].ports[1]`, the real place of a host port (for the message). */
function ownerOf(containerPath: Path, hp: HostPort): string {
  const portIndex = hp.path[hp.path.length - 2];
  return formatPath([...containerPath, 'ports', portIndex]);
}
