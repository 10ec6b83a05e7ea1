/**
 * `textDocument/codeLens` and `codeLens/resolve`.
 *
 * The first request answers unresolved lenses: a range and `data` only (a number,
 * `lensNumbers.ts`), from positions in the parsed model (no plan is computed), each document's
 * kept with their JSON text, so a file of 1,000 documents stays fast. `codeLens/resolve` finds
 * the lens again from its number and computes the title from the pod's startup plan (cached per
 * parsed manifest) and adds the command `initlens.showStartup [uri, position]`.
 *
 * Off when the `initlens.codeLens.enable` setting is false. After a configuration change the
 * server asks the client to refresh its lenses, when the client supports it.
 */
import type { CodeLens, CodeLensParams, Connection, InitializeParams, Range } from 'vscode-languageserver/node';
import { documentAnchors, knownAnchors, lensTitle, type LensTarget } from '../features/codeLens';
import type { YamlDocument } from '../model/document';
import type { FileModel, PlacedDocument } from '../model/file';
import { SHOW_STARTUP_COMMAND } from '../protocol/index';
import type { Configuration } from './configuration';
import { withItemsText } from './jsonText';
import { LensNumbers, type LensBlock } from './lensNumbers';
import type { WorkspaceOf } from './startupPlan';
import { describeError, type Log } from './log';
import type { CurrentModels } from './startupPlan';

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

/**
 * The unresolved lenses of a document at a line of a file, and their JSON text (the list is
 * written from it, `lsp/jsonText.ts`), kept while the document stays at that line with the same
 * numbers: during typing in a file of 1,000 pods, the list VS Code asks for after each change is
 * then made of the same objects and texts but for the edited document's. Never modified.
 */
interface PlacedLenses {
  block: LensBlock;
  line: number;
  lenses: CodeLens[];
  json: string;
}

/**
 * `JSON.stringify({ range, data })` for a range and data of integers, written directly (three
 * times faster): the lenses of every document below an edit that adds or removes a line are
 * written again at the next list.
 */
export function lensJson(range: Range, data: number): string {
  const { start, end } = range;
  return `{"range":{"start":{"line":${start.line},"character":${start.character}},"end":{"line":${end.line},"character":${end.character}}},"data":${data}}`;
}

/** What `CodeLenses` keeps for a document without lenses. */
const NO_LENSES = 'none';

/**
 * The index of a lens's document in the file now: where its lenses are (it may have moved); when
 * they are gone and the file has as many documents as when the lens was listed, the index it was
 * listed at if the document there came after that listing (its document was edited: the lens at
 * the same place in it); else undefined (a document added or removed: the index tells nothing).
 */
function documentNow(model: FileModel, block: LensBlock, numbers: LensNumbers): number | undefined {
  const documents = model.documents;
  const at = documents[block.index] as PlacedDocument | undefined;
  const anchorsThere = at && knownAnchors(at.doc);
  if (anchorsThere === block.anchors) return block.index;
  const moved = documents.findIndex((d) => knownAnchors(d.doc) === block.anchors);
  if (moved >= 0) return moved;
  if (!at || documents.length !== block.documents) return undefined;
  const there = numbers.blockOf(anchorsThere);
  return !there || there.created > block.listed ? block.index : undefined;
}

/** The title of a lens whose document changed so much that the lens is gone (the client will ask again). */
export const STALE_TITLE = 'initlens: out of date';

export class CodeLenses {
  private refreshSupport = false;
  private readonly uris = new LensUris();
  private readonly numbers = new LensNumbers();
  private readonly placed = new WeakMap<YamlDocument, PlacedLenses | typeof NO_LENSES>();

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
    const list = this.numbers.startList(id);
    const lenses: CodeLens[] = [];
    const json: string[] = [];
    const documents = current.model.documents;
    for (let index = 0; index < documents.length; index++) {
      const kept = this.documentLenses(id, list, documents[index], index, documents.length);
      if (!kept) continue;
      for (let k = 0; k < kept.lenses.length; k++) lenses.push(kept.lenses[k]);
      json.push(kept.json);
    }
    this.numbers.endList(id, list, (other) => this.models.isOpen(this.uris.uri(other) ?? ''));
    return withItemsText(lenses, json);
  }

  /** A document's lenses listed in `list` at `index` of `documents` (one lookup when they are kept). */
  private documentLenses(uri: number, list: number, placed: PlacedDocument, index: number, documents: number): PlacedLenses | undefined {
    const line = placed.startLine;
    const kept = this.placed.get(placed.doc);
    if (kept === NO_LENSES) return undefined;
    if (kept && kept.line === line && this.numbers.relist(kept.block, uri, list, index, documents)) return kept;
    const anchors = documentAnchors(placed.doc);
    if (!anchors.length) {
      this.placed.set(placed.doc, NO_LENSES);
      return undefined;
    }
    const block = this.numbers.block(uri, list, anchors, index, documents);
    const lenses = anchors.map(({ range }, k): CodeLens => ({
      range: {
        start: { line: range.start.line + line, character: range.start.character },
        end: { line: range.end.line + line, character: range.end.character },
      },
      data: block.base + k,
    }));
    const entry = { block, line, lenses, json: lenses.map(({ range }, k) => lensJson(range, block.base + k)).join(',') };
    this.placed.set(placed.doc, entry);
    return entry;
  }

  async resolve(lens: CodeLens): Promise<CodeLens> {
    const given = this.numbers.find(lens.data);
    const uri = given && this.uris.uri(given.uri);
    if (!given || uri === undefined) return lens;
    const { kubernetesVersion } = await this.configuration.forDocument(uri);
    const current = given.found && this.models.get(uri);
    let title: string | undefined;
    if (current && given.found) {
      const { block, lens: k } = given.found;
      const document = documentNow(current.model, block, this.numbers);
      const target: LensTarget | undefined = document === undefined ? undefined : { ...block.anchors[k], document };
      title = target && lensTitle(current.model, target, kubernetesVersion, this.workspaceOf(uri));
    }
    return { ...lens, command: { title: title ?? STALE_TITLE, command: SHOW_STARTUP_COMMAND, arguments: [uri, lens.range.start] } };
  }

  /** Settings changed: lenses may appear or go; the workspace index changed: titles may change. */
  refresh(): void {
    if (!this.refreshSupport) return;
    this.connection.sendRequest('workspace/codeLens/refresh').catch((e: unknown) => this.log.warn(`could not refresh code lenses: ${describeError(e)}`));
  }
}
