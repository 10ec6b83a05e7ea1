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
import { lensAnchors, lensTitle, SHOW_STARTUP_COMMAND, type LensKind, type LensTarget } from '../features/codeLens';
import type { Configuration } from './configuration';
import { describeError, type Log } from './log';
import type { CurrentModels } from './startupPlan';

/** What an unresolved lens carries to `codeLens/resolve`. */
export interface LensData extends LensTarget {
  uri: string;
  /** The document version the lens was computed for. */
  version: number;
}

const KINDS: readonly LensKind[] = ['startup', 'requests', 'limits', 'init'];

function isLensData(value: unknown): value is LensData {
  const d = value as LensData | null | undefined;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.uri === 'string' &&
    KINDS.includes(d.kind) &&
    Number.isInteger(d.document) &&
    Number.isInteger(d.manifest) &&
    (d.container === undefined || Number.isInteger(d.container))
  );
}

/** The title of a lens whose document changed so much that the lens is gone (the client will ask again). */
export const STALE_TITLE = 'initlens: out of date';

export class CodeLenses {
  private refreshSupport = false;

  constructor(
    private readonly connection: Connection,
    private readonly models: CurrentModels,
    private readonly configuration: Configuration,
    private readonly log: Log,
  ) {}

  initialize(params: InitializeParams): void {
    this.refreshSupport = params.capabilities?.workspace?.codeLens?.refreshSupport === true;
  }

  async provide(params: CodeLensParams): Promise<CodeLens[]> {
    const uri = params.textDocument.uri;
    const options = await this.configuration.forDocument(uri);
    if (options.codeLens === false) return [];
    const current = this.models.get(uri);
    if (!current) return [];
    return lensAnchors(current.model).map(({ range, ...target }) => ({ range, data: { uri, version: current.version, ...target } satisfies LensData }));
  }

  resolve(lens: CodeLens): CodeLens {
    const data = lens.data as unknown;
    if (!isLensData(data)) return lens;
    const current = this.models.get(data.uri);
    const title = current ? lensTitle(current.model, data) : undefined;
    return { ...lens, command: { title: title ?? STALE_TITLE, command: SHOW_STARTUP_COMMAND, arguments: [data.uri, lens.range.start] } };
  }

  /** Settings changed: lenses may appear or go. */
  refresh(): void {
    if (!this.refreshSupport) return;
    this.connection.sendRequest('workspace/codeLens/refresh').catch((e: unknown) => this.log.warn(`could not refresh code lenses: ${describeError(e)}`));
  }
}
