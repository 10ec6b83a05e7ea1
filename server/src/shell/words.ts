/**
 * Words of the shell reader (`parse.ts` has the file comment): unquoted text, single, double and
 * ANSI-C quotes, backslashes, globs, `$name`, `${…}`, `$(…)`, `$((…))` and backquotes, with their
 * variable reads and substitutions recorded. A command substitution's body is read by the
 * grammar (`parseList`).
 */
import type { Substitution, VarRef, Word } from './ast';
import { ASSIGNMENT, GiveUp, Lexer, META, NAME } from './lexer';

export abstract class WordLexer extends Lexer {
  // ----- words --------------------------------------------------------------------------------

  /** One word at the position (undefined when a metacharacter or the end is there). */
  readWord(cond = false): Word | undefined {
    const start = this.pos;
    let text = '';
    let literalOk = true;
    let quoted = false;
    let expansion = false;
    let glob = false;
    while (!this.atEnd()) {
      this.tick();
      const c = this.ch();
      if (META.has(c) && !(cond && (c === '(' || c === ')' || c === '<' || c === '>') && this.pos > start)) {
        if (c === '(' && ASSIGNMENT.test(text) && text.endsWith('=')) {
          // arr=(a b c)
          const open = this.pos;
          this.skipBalanced('(', ')');
          text += this.text.slice(open, this.pos);
          literalOk = false;
          continue;
        }
        if (c === '(' && /[?*+@!]$/.test(text)) {
          // extglob @(a|b)
          const open = this.pos;
          this.skipBalanced('(', ')');
          text += this.text.slice(open, this.pos);
          glob = true;
          literalOk = false;
          continue;
        }
        break;
      }
      if (c === '\r') {
        this.pos++;
        continue;
      }
      if (c === '#' && this.pos === start) break;
      if (c === '\\') {
        const n = this.ch(this.pos + 1);
        if (n === '\n') {
          this.pos += 2;
          continue;
        }
        quoted = true;
        text += n;
        this.pos += n ? 2 : 1;
        continue;
      }
      if (c === "'") {
        quoted = true;
        text += this.readSingle();
        continue;
      }
      if (c === '"') {
        quoted = true;
        const r = this.readDouble();
        text += r.text;
        if (r.expansion) {
          expansion = true;
          literalOk = false;
        }
        continue;
      }
      if (c === '`') {
        const s = this.pos;
        this.readBacktick();
        text += this.text.slice(s, this.pos);
        expansion = true;
        literalOk = false;
        continue;
      }
      if (c === '$') {
        const next = this.ch(this.pos + 1);
        if (next === "'") {
          quoted = true;
          this.pos++;
          text += this.readAnsiC();
          continue;
        }
        if (next === '"') {
          this.pos++;
          continue;
        }
        const s = this.pos;
        const isExpansion = this.readDollar('unquoted');
        text += this.text.slice(s, this.pos);
        if (isExpansion) {
          expansion = true;
          literalOk = false;
        }
        continue;
      }
      if (c === '*' || c === '?') {
        glob = true;
        literalOk = false;
      } else if (c === '[' && this.closesInWord(this.pos + 1)) {
        glob = true;
        literalOk = false;
      }
      text += c;
      this.pos++;
    }
    if (this.pos === start) return undefined;
    const raw = this.text.slice(start, this.pos);
    return { kind: 'word', raw, text, literal: literalOk ? text : undefined, quoted, expansion, glob, start, end: this.pos };
  }

  /** Whether a `]` follows in the same word (so `[` starts a bracket glob). */
  protected closesInWord(from: number): boolean {
    for (let p = from; p < this.end && p < from + 200; p++) {
      const c = this.text[p];
      if (c === ']') return p > from;
      if (META.has(c) || c === '"' || c === "'") return false;
    }
    return false;
  }

  protected skipBalanced(open: string, close: string): void {
    let depth = 0;
    while (!this.atEnd()) {
      this.tick();
      const c = this.ch();
      if (c === '\\') {
        this.pos += 2;
        continue;
      }
      if (c === "'") {
        this.readSingle();
        continue;
      }
      if (c === '"') {
        this.readDouble();
        continue;
      }
      if (c === '\n') {
        this.newline();
        continue;
      }
      this.pos++;
      if (c === open) depth++;
      else if (c === close && --depth === 0) return;
    }
    this.error(`unterminated ${open}`);
  }

  protected readSingle(): string {
    const open = this.pos;
    this.pos++;
    const close = this.text.indexOf("'", this.pos);
    if (close < 0 || close >= this.end) {
      this.error('unterminated single quote', open);
      const s = this.text.slice(this.pos, this.end);
      this.steps += s.length;
      this.pos = this.end;
      return s;
    }
    const s = this.text.slice(this.pos, close);
    this.steps += s.length;
    if (this.steps > this.budget) throw new GiveUp('step budget');
    this.pos = close + 1;
    return s;
  }

  /** `$'…'` (the position is at the quote). */
  protected readAnsiC(): string {
    const open = this.pos;
    this.pos++;
    let out = '';
    while (!this.atEnd()) {
      this.tick();
      const c = this.ch();
      if (c === "'") {
        this.pos++;
        return out;
      }
      if (c === '\\') {
        const n = this.ch(this.pos + 1);
        out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n === 'e' ? '\x1b' : n;
        this.pos += 2;
        continue;
      }
      out += c;
      this.pos++;
    }
    this.error("unterminated $'", open);
    return out;
  }

  protected readDouble(): { text: string; expansion: boolean } {
    const open = this.pos;
    this.pos++;
    let text = '';
    let expansion = false;
    while (!this.atEnd()) {
      this.tick();
      const c = this.ch();
      if (c === '"') {
        this.pos++;
        return { text, expansion };
      }
      if (c === '\\') {
        const n = this.ch(this.pos + 1);
        if (n === '\n') {
          this.pos += 2;
          continue;
        }
        if (n === '$' || n === '`' || n === '"' || n === '\\') {
          text += n;
          this.pos += 2;
          continue;
        }
        text += c;
        this.pos++;
        continue;
      }
      if (c === '$') {
        const s = this.pos;
        if (this.readDollar('double')) expansion = true;
        text += this.text.slice(s, this.pos);
        continue;
      }
      if (c === '`') {
        const s = this.pos;
        this.readBacktick();
        text += this.text.slice(s, this.pos);
        expansion = true;
        continue;
      }
      text += c;
      this.pos++;
    }
    this.error('unterminated double quote', open);
    return { text, expansion };
  }

  /** `` `…` ``: the body is read as a script of its own. */
  protected readBacktick(): void {
    this.enter();
    try {
      this.readBacktickBody();
    } finally {
      this.leave();
    }
  }

  protected readBacktickBody(): void {
    const open = this.pos;
    let p = open + 1;
    while (p < this.end && this.text[p] !== '`') {
      this.tick();
      p += this.text[p] === '\\' ? 2 : 1;
    }
    const close = Math.min(p, this.end);
    const sub: Substitution = { kind: '`', start: open, end: Math.min(close + 1, this.end) };
    const savedEnd = this.end;
    const savedPending = this.pending;
    this.pending = [];
    this.end = close;
    this.pos = open + 1;
    try {
      sub.body = this.parseList({}, 'substitution');
    } finally {
      this.end = savedEnd;
      this.pending = savedPending;
    }
    if (close >= savedEnd) this.error('unterminated backtick', open);
    this.pos = Math.min(close + 1, this.end);
    this.substitutions.push(sub);
  }

  /**
   * At a `$`: reads the expansion (recording variables and substitutions); returns whether it was
   * an expansion (false for a lone `$`).
   */
  protected readDollar(context: VarRef['context']): boolean {
    this.enter();
    try {
      return this.readDollarBody(context);
    } finally {
      this.leave();
    }
  }

  protected readDollarBody(context: VarRef['context']): boolean {
    const start = this.pos;
    const next = this.ch(this.pos + 1);
    if (next === '(' && this.ch(this.pos + 2) === '(') {
      this.pos += 3;
      if (!this.skipArith()) this.error('unterminated $((', start);
      this.substitutions.push({ kind: '$((', start, end: this.pos });
      return true;
    }
    if (next === '(') {
      this.pos += 2;
      const savedPending = this.pending;
      this.pending = [];
      const body = this.parseList({ ops: [')'] }, 'substitution');
      this.pending = savedPending;
      this.skipLinebreaks();
      if (this.peekOp() === ')') this.pos++;
      else this.error('unterminated $(', start);
      this.substitutions.push({ kind: '$(', start, end: this.pos, body });
      return true;
    }
    if (next === '{') {
      this.readBraced(context);
      return true;
    }
    if (next && /[A-Za-z_]/.test(next)) {
      const m = NAME.exec(this.text.slice(this.pos + 1, Math.min(this.end, this.pos + 257)))!;
      this.pos += 1 + m[0].length;
      this.variables.push({ name: m[0], start, end: this.pos, braced: false, context });
      return true;
    }
    if (next && /[0-9@*#?$!-]/.test(next)) {
      this.pos += 2;
      this.variables.push({ name: next, start, end: this.pos, braced: false, context });
      return true;
    }
    this.pos++;
    return false;
  }

  /** `${…}` with nesting, quotes and substitutions inside the operand. */
  protected readBraced(context: VarRef['context']): void {
    this.enter();
    try {
      this.readBracedBody(context);
    } finally {
      this.leave();
    }
  }

  protected readBracedBody(context: VarRef['context']): void {
    const start = this.pos;
    this.pos += 2;
    let op: string | undefined;
    let prefix = this.ch();
    if ((prefix === '#' || prefix === '!') && this.ch(this.pos + 1) !== '}') {
      this.pos++;
      op = prefix === '#' ? 'len' : 'indirect';
    } else prefix = '';
    let name = '';
    const m = NAME.exec(this.text.slice(this.pos, Math.min(this.end, this.pos + 257)));
    if (m) name = m[0];
    else if (/[0-9@*#?$!-]/.test(this.ch())) {
      const d = /^[0-9]+/.exec(this.text.slice(this.pos, Math.min(this.end, this.pos + 10)));
      name = d ? d[0] : this.ch();
    }
    this.pos += name.length;
    if (this.ch() === '[') this.skipBalanced('[', ']');
    const opm = /^(:[-=?+]|[-=?+]|##|#|%%|%|\/\/|\/#|\/%|\/|:|\^\^|\^|,,|,|@)/.exec(this.text.slice(this.pos, this.pos + 2));
    if (opm && this.ch() !== '}') op = op ?? opm[1];
    // The operand: up to the matching }, through quotes and nested expansions.
    let depth = 1;
    while (!this.atEnd()) {
      this.tick();
      const c = this.ch();
      if (c === '}') {
        if (--depth === 0) {
          this.pos++;
          break;
        }
        this.pos++;
        continue;
      }
      if (c === '{') {
        depth++;
        this.pos++;
        continue;
      }
      if (c === '\\') {
        this.pos += 2;
        continue;
      }
      if (c === "'" && context !== 'double' && context !== 'heredoc') {
        this.readSingle();
        continue;
      }
      if (c === '"') {
        this.readDouble();
        continue;
      }
      if (c === '$') {
        this.readDollar(context);
        continue;
      }
      if (c === '`') {
        this.readBacktick();
        continue;
      }
      if (c === '\n') {
        this.newline();
        continue;
      }
      this.pos++;
    }
    if (depth > 0) this.error('unterminated ${', start);
    if (name) {
      // Keep source order: the outer variable before the ones in its operand.
      const ref: VarRef = { name, start, end: this.pos, braced: true, op, context };
      let i = this.variables.length;
      while (i > 0 && this.variables[i - 1].start > start) i--;
      this.variables.splice(i, 0, ref);
    }
  }

  /** A word inside `[[ … ]]`, where `&&`, `||`, `<`, `>`, `(`, `)` are words too. */
  protected readCondWord(): Word | undefined {
    const start = this.pos;
    const m = /^(&&|\|\||<|>|\(|\)|!)(?=[ \t\n]|$)/.exec(this.text.slice(this.pos, Math.min(this.end, this.pos + 3)));
    if (m) {
      this.pos += m[1].length;
      return { kind: 'word', raw: m[1], text: m[1], literal: m[1], quoted: false, expansion: false, glob: false, start, end: this.pos };
    }
    return this.readWord(true);
  }

  /** Skips an arithmetic expression up to its closing `))` (the position is after the `((`). */
  protected skipArith(): boolean {
    let depth = 2;
    while (!this.atEnd() && depth > 0) {
      this.tick();
      const c = this.ch();
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (c === '$') {
        this.readDollar('arith');
        continue;
      } else if (c === '\n') {
        this.newline();
        continue;
      }
      this.pos++;
    }
    return depth === 0;
  }
}
