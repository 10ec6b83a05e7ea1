/**
 * `textDocument/codeLens` and `codeLens/resolve`.
 *
 * The first request answers unresolved lenses: a range and `data` only, from positions in the
 * parsed model (no plan is computed), so a file of 500 documents stays fast. `codeLens/resolve`
 * computes the title from the pod's startup plan (cached per parsed manifest) and adds the
 * command `initlens.showStartup [uri, position]`.
 *
 * Off when the `initlens.codeLens.enable` setting is false. After a configuration change the
 * server asks the client to refresh its lenses, when the client supports it.
 */
import type { CodeLens, CodeLensParams, Connection, InitializeParams } from 'vscode-languageserver/node';
import { lensAnchors, lensTitle, type LensKind, type LensTarget } from '../features/codeLens';
import { SHOW_STARTUP_COMMAND } from '../protocol/index';
import type { Configuration } from './configuration';
import type { WorkspaceOf } from './startupPlan';
import { describeError, type Log } from './log';
import type { CurrentModels } from './startupPlan';

const KINDS: readonly LensKind[] = ['startup', 'requests', 'limits', 'init'];

/**
 * What an unresolved lens carries to `codeLens/resolve`, as a tuple: a file of 1,000 pods has
 * 5,000 lenses, and named fields made their JSON twice as long (900 KB, ~8 ms to write and read).
 * `uri` is a number the server gave the document's URI (`LensUris`); `kind` an index into KINDS;
 * `pod` (only when more than 0: a RayCluster's worker group) the manifest's pod spec, with
 * `container` then -1 when the lens is not an init container's.
 */
export type LensData = [uri: number, kind: number, document: number, manifest: number, container?: number, pod?: number];

function decode(value: unknown): { uri: number; target: LensTarget } | undefined {
  if (
    !Array.isArray(value) ||
    value.length < 4 ||
    value.length > 6 ||
    !value.every((n, i) => Number.isSafeInteger(n) && n >= (i === 4 && value.length === 6 ? -1 : 0))
  )
    return undefined;
  const [uri, kind, document, manifest, container, pod] = value as LensData;
  if (kind >= KINDS.length) return undefined;
  return {
    uri,
    target: {
      kind: KINDS[kind],
      document,
      manifest,
      ...(container === undefined || container < 0 ? {} : { container }),
      ...(pod === undefined ? {} : { pod }),
    },
  };
}

/** Numbers for the URIs lenses were given for (a URI keeps its number for the server's life). */
class LensUris {
  private readonly ids = new Map<string, number>();
  private readonly uris: string[] = [];
  id(uri: string): number {
    let id = this.ids.get(uri);
    if (id === undefined) {
      id = this.uris.push(uri) - 1;
      this.ids.set(uri, id);
    }
    return id;
  }
  uri(id: number): string | undefined {
    return this.uris[id];
  }
}

/** The title of a lens whose document changed so much that the lens is gone (the client will ask again). */
export const STALE_TITLE = 'initlens: out of date';

export class CodeLenses {
  private refreshSupport = false;
  private readonly uris = new LensUris();

  constructor(
    private readonly connection: Connection,
    private readonly models: CurrentModels,
    private readonly configuration: Configuration,
    private readonly log: Log,
    /** The workspace index a document's plan reads (init lenses name the Services and what is missing). */
    private readonly workspaceOf: WorkspaceOf = () => undefined,
  ) {}

  initialize(params: InitializeParams): void {
    this.refreshSupport = params.capabilities?.workspace?.codeLens?.refreshSupport === true;
  }

  async provide(params: CodeLensParams): Promise<CodeLens[]> {
    const uri = params.textDocument.uri;
    if (!this.models.get(uri)) return []; // not open: no configuration round trip for it
    const options = await this.configuration.forDocument(uri);
    if (options.codeLens === false) return [];
    const current = this.models.get(uri);
    if (!current) return [];
    const id = this.uris.id(uri);
    return lensAnchors(current.model).map(({ range, kind, document, manifest, container, pod }) => {
      const data: LensData = [id, KINDS.indexOf(kind), document, manifest];
      if (container !== undefined || pod) data.push(container ?? -1);
      if (pod) data.push(pod);
      return { range, data };
    });
  }

  async resolve(lens: CodeLens): Promise<CodeLens> {
    const data = decode(lens.data);
    const uri = data && this.uris.uri(data.uri);
    if (!data || uri === undefined) return lens;
    const { kubernetesVersion } = await this.configuration.forDocument(uri);
    const current = this.models.get(uri);
    const title = current ? lensTitle(current.model, data.target, kubernetesVersion, this.workspaceOf(uri)) : undefined;
    return { ...lens, command: { title: title ?? STALE_TITLE, command: SHOW_STARTUP_COMMAND, arguments: [uri, lens.range.start] } };
  }

  /** Settings changed: lenses may appear or go; the workspace index changed: titles may change. */
  refresh(): void {
    if (!this.refreshSupport) return;
    this.connection.sendRequest('workspace/codeLens/refresh').catch((e: unknown) => this.log.warn(`could not refresh code lenses: ${describeError(e)}`));
  }
}
