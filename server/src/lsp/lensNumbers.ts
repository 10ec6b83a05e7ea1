/**
 * The numbers code lenses carry to `codeLens/resolve` (their `data`): one number per lens. The
 * client parses a file's whole list after each change (5,000 lenses in a file of 1,000 pods), and
 * an array per lens was half of that parse.
 *
 * A document's lenses get consecutive numbers (from 1), a block, which remembers the file, the document's
 * lenses (its anchors: one array for as long as that text is in the file, compact form included)
 * and where the document was when last listed. A lens is found again through its block: in its
 * document wherever that is now, or, when the document was edited since (no document added or
 * removed), at the same place in the document that replaced it (`lsp/codeLens.ts`).
 *
 * Blocks are kept for the documents of the last two lists of each open file (a client resolves
 * lenses of the list it shows, which may be one behind the server's last); those of closed files
 * go. A number stays known as its file's once its block is gone.
 */
import type { DocumentAnchor } from '../features/codeLens';

export interface LensBlock {
  /** The number of the document's first lens; lens k has base + k. */
  readonly base: number;
  /** The file (`LensUris`'s number). */
  readonly uri: number;
  readonly anchors: readonly DocumentAnchor[];
  /** The file's list that first listed it. */
  readonly created: number;
  /** The file's list that last listed it. */
  listed: number;
  /** The document's index in the file in that list. */
  index: number;
  /** How many documents the file had in that list. */
  documents: number;
  /** Set when the block is no longer kept. */
  dropped?: true;
}

/** What a number was given for: its file, and its block (with the lens's place in it) while kept. */
export interface LensNumber {
  uri: number;
  found?: { block: LensBlock; lens: number };
}

/** The index of the last item of `sorted` at most `n` by `key` (-1 when none). */
function lastAtMost<T>(sorted: readonly T[], n: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(sorted[mid]) <= n) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Where `block`'s document is in `list`: at `index` of `documents`. */
function place(block: LensBlock, list: number, index: number, documents: number): void {
  block.listed = list;
  block.index = index;
  block.documents = documents;
}

export class LensNumbers {
  /**
   * The next number to give. Numbers start at 1: vscode-languageclient sends a lens back to
   * `codeLens/resolve` without its `data` when that is falsy (`if (item.data)`), so a lens numbered
   * 0 would never get its title in VS Code.
   */
  private next = 1;
  /** Kept blocks, by base. */
  private blocks: LensBlock[] = [];
  private readonly byAnchors = new WeakMap<readonly DocumentAnchor[], LensBlock>();
  /** The file of every number given: runs of numbers given for one file, by first number. */
  private readonly runs: { first: number; uri: number }[] = [];
  /** The last list of each file. */
  private readonly lists = new Map<number, number>();

  /** Starts a list of file `uri`'s lenses: its number, for `block` and `endList`. */
  startList(uri: number): number {
    const list = (this.lists.get(uri) ?? 0) + 1;
    this.lists.set(uri, list);
    return list;
  }

  /** The block of a document's lenses listed in `list` at `index` of `documents`: the one it had, or a new one. */
  block(uri: number, list: number, anchors: readonly DocumentAnchor[], index: number, documents: number): LensBlock {
    let block = this.byAnchors.get(anchors);
    if (!block || block.uri !== uri) {
      block = { base: this.next, uri, anchors, created: list, listed: list, index, documents };
      this.next += anchors.length;
      if (this.runs.at(-1)?.uri !== uri) this.runs.push({ first: block.base, uri });
      this.blocks.push(block);
      this.byAnchors.set(anchors, block);
    }
    place(block, list, index, documents);
    return block;
  }

  /**
   * `block` listed again in `list` of `uri` at `index` of `documents`: true, or false when it is no longer kept
   * or is another file's (`block` then gives the document's block).
   */
  relist(block: LensBlock, uri: number, list: number, index: number, documents: number): boolean {
    if (block.dropped || block.uri !== uri) return false;
    place(block, list, index, documents);
    return true;
  }

  /** The kept block of a document's lenses, if any. */
  blockOf(anchors: readonly DocumentAnchor[] | undefined): LensBlock | undefined {
    return anchors && this.byAnchors.get(anchors);
  }

  /** After list `list` of file `uri`: drops the blocks neither it nor the list before listed, and those of closed files. */
  endList(uri: number, list: number, isOpen: (uri: number) => boolean): void {
    const open = new Map<number, boolean>([[uri, true]]);
    const keep = (b: LensBlock): boolean => {
      if (b.uri === uri) return b.listed >= list - 1;
      let o = open.get(b.uri);
      if (o === undefined) open.set(b.uri, (o = isOpen(b.uri)));
      return o;
    };
    this.blocks = this.blocks.filter((b) => {
      if (keep(b)) return true;
      b.dropped = true;
      if (this.byAnchors.get(b.anchors) === b) this.byAnchors.delete(b.anchors);
      return false;
    });
  }

  /** What `data` was given for, or undefined when it is not a number given here. */
  find(data: unknown): LensNumber | undefined {
    if (typeof data !== 'number' || !Number.isSafeInteger(data) || data < 1 || data >= this.next) return undefined;
    const uri = this.runs[lastAtMost(this.runs, data, (r) => r.first)].uri;
    const block = this.blocks[lastAtMost(this.blocks, data, (b) => b.base)] as LensBlock | undefined;
    return block && data < block.base + block.anchors.length ? { uri, found: { block, lens: data - block.base } } : { uri };
  }
}
