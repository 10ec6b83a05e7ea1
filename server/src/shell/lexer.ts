/**
 * The shell reader's lexical ground floor (`parse.ts` has the file comment): a cursor over the
 * script with its step budget and nesting depth, blanks, comments and line continuations,
 * newlines (which read the here-document bodies waiting for them), control and redirection
 * operators, and reserved words. Words and expansions are `words.ts`; the grammar is
 * `parse.ts`. What the reader collects (operators, here-documents, errors…) lives here.
 */
import type { Heredoc, List, ListRole, Redirect, Substitution, VarRef } from './ast';

export class GiveUp extends Error {}

const MAX_DEPTH = 100;
/** Characters that end an unquoted word. */
export const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const RESERVED = /^(if|then|elif|else|fi|do|done|while|until|for|in|case|esac|function|\{|\}|!|\[\[)(?=[ \t\n;&|()<>]|$)/;
export const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;
export const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export interface PendingHeredoc {
  redirect: Redirect;
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
}

export interface Terms {
  /** Reserved words that end the list (`do`, `done`, `fi`, …). */
  words?: readonly string[];
  /** Operators that end the list (`)`, `;;`). */
  ops?: readonly string[];
}

export abstract class Lexer {
  protected pos = 0;
  protected end: number;
  protected steps = 0;
  protected readonly budget: number;
  private depth = 0;
  protected pending: PendingHeredoc[] = [];
  readonly variables: VarRef[] = [];
  readonly substitutions: Substitution[] = [];
  readonly operators: { op: string; start: number; end: number }[] = [];
  readonly heredocs: Heredoc[] = [];
  readonly errors: { message: string; offset: number }[] = [];
  complete = true;

  constructor(readonly text: string) {
    this.end = text.length;
    this.budget = 40 * text.length + 10_000;
  }

  /** A list of commands up to one of `terms` (the grammar): command substitutions hold one. */
  abstract parseList(terms: Terms, role: ListRole): List;

  /** An expansion at `$` (`words.ts`); here-document bodies have them. */
  protected abstract readDollar(context: VarRef['context']): boolean;

  /** A backquoted command substitution (`words.ts`). */
  protected abstract readBacktick(): void;

  protected tick(): void {
    if (++this.steps > this.budget) throw new GiveUp('step budget');
  }

  protected ch(at = this.pos): string {
    return at < this.end ? this.text[at] : '';
  }

  protected atEnd(): boolean {
    return this.pos >= this.end;
  }

  protected error(message: string, offset = this.pos): void {
    this.complete = false;
    if (this.errors.length < 50) this.errors.push({ message, offset });
  }

  protected enter(): void {
    if (++this.depth > MAX_DEPTH) throw new GiveUp('nesting');
  }

  protected leave(): void {
    this.depth--;
  }

  /** Spaces, tabs, line continuations and comments; not newlines. */
  protected skipBlanks(): void {
    for (;;) {
      this.tick();
      const c = this.ch();
      if (c === ' ' || c === '\t' || c === '\r') this.pos++;
      else if (c === '\\' && this.ch(this.pos + 1) === '\n') this.pos += 2;
      else if (c === '#') {
        while (!this.atEnd() && this.ch() !== '\n') {
          this.tick();
          this.pos++;
        }
      } else return;
    }
  }

  /** Consumes one newline and reads the here-document bodies waiting for it. */
  protected newline(): void {
    this.pos++;
    if (this.pending.length) this.readHeredocs();
  }

  /** Blanks and newlines. */
  protected skipLinebreaks(): void {
    for (;;) {
      this.skipBlanks();
      if (this.ch() === '\n') this.newline();
      else return;
    }
  }

  /** The control or redirection operator at the position, if any. */
  protected peekOp(): string | undefined {
    const t = this.text;
    const p = this.pos;
    if (p >= this.end) return undefined;
    const c = t[p];
    const two = t.slice(p, Math.min(p + 2, this.end));
    const three = t.slice(p, Math.min(p + 3, this.end));
    switch (c) {
      case ';':
        if (three === ';;&') return ';;&';
        return two === ';;' ? ';;' : two === ';&' ? ';&' : ';';
      case '&':
        if (three === '&>>') return '&>>';
        return two === '&&' ? '&&' : two === '&>' ? '&>' : '&';
      case '|':
        return two === '||' ? '||' : two === '|&' ? '|&' : '|';
      case '<':
        if (three === '<<-' || three === '<<<') return three;
        return two === '<<' || two === '<&' || two === '<>' ? two : '<';
      case '>':
        return two === '>>' || two === '>&' || two === '>|' ? two : '>';
      case '(':
      case ')':
        return c;
      default:
        return undefined;
    }
  }

  protected peekReserved(): string | undefined {
    const c = this.ch();
    if (!c || !/[a-z{}![]/.test(c)) return undefined;
    const m = RESERVED.exec(this.text.slice(this.pos, Math.min(this.end, this.pos + 10)));
    if (!m) return undefined;
    // `{` and `}` must stand alone; `!` must be followed by a blank.
    return m[1];
  }

  protected takeReserved(word: string): boolean {
    if (this.peekReserved() === word) {
      this.pos += word.length;
      return true;
    }
    return false;
  }

  protected isTerm(terms: Terms): boolean {
    const r = this.peekReserved();
    if (r && terms.words?.includes(r)) return true;
    const op = this.peekOp();
    return !!op && !!terms.ops?.includes(op);
  }

  protected addOp(op: string): void {
    this.operators.push({ op, start: this.pos, end: this.pos + op.length });
    this.pos += op.length;
  }

  // ----- here-documents -----------------------------------------------------------------------

  protected readHeredocs(): void {
    const list = this.pending;
    this.pending = [];
    for (const h of list) {
      const bodyStart = this.pos;
      let bodyEnd = this.end;
      let after = this.end;
      let found = false;
      let p = this.pos;
      while (p < this.end) {
        this.tick();
        let e = this.text.indexOf('\n', p);
        if (e < 0 || e > this.end) e = this.end;
        this.steps += (e - p) >> 3;
        let line = this.text.slice(p, e);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (h.stripTabs) line = line.replace(/^\t+/, '');
        if (line === h.delimiter) {
          bodyEnd = p;
          // The delimiter line, its newline included, closes the body.
          after = Math.min(e + 1, this.end);
          found = true;
          break;
        }
        p = e + 1;
      }
      if (!found) this.error(`here-document without its ${h.delimiter} line`, bodyStart);
      const doc: Heredoc = { delimiter: h.delimiter, quoted: h.quoted, stripTabs: h.stripTabs, bodyStart, bodyEnd };
      h.redirect.heredoc = doc;
      this.heredocs.push(doc);
      if (!h.quoted) this.scanHeredocBody(bodyStart, bodyEnd);
      this.pos = after;
    }
  }

  /** Expansions in an unquoted here-document body. */
  protected scanHeredocBody(from: number, to: number): void {
    const savedEnd = this.end;
    const savedPos = this.pos;
    this.end = to;
    this.pos = from;
    try {
      while (!this.atEnd()) {
        this.tick();
        const c = this.ch();
        if (c === '\\') this.pos += 2;
        else if (c === '$') this.readDollar('heredoc');
        else if (c === '`') this.readBacktick();
        else this.pos++;
      }
    } finally {
      this.end = savedEnd;
      this.pos = savedPos;
    }
  }
}
