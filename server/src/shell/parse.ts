/**
 * A small reader for the shell scripts of `command`/`args` (see ./ast.ts for what it covers).
 *
 * It never throws and its time is bounded: every character it looks at costs a step, and it
 * gives up (returning what it has read, `complete: false`) past a budget linear in the length of
 * the text, or past a nesting depth. It does not backtrack: lookahead is a few characters.
 * Syntax errors are recorded and skipped over, so a half-written script still yields its commands.
 */
import type { AndOr, Case, Command, FunctionDef, Group, Heredoc, If, List, ListRole, Loop, Pipeline, Redirect, Script, ShellNode, SimpleCommand, Substitution, VarRef, Word } from './ast';

class GiveUp extends Error {}

const MAX_DEPTH = 100;
/** Characters that end an unquoted word. */
const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const RESERVED = /^(if|then|elif|else|fi|do|done|while|until|for|in|case|esac|function|\{|\}|!|\[\[)(?=[ \t\n;&|()<>]|$)/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

interface PendingHeredoc {
  redirect: Redirect;
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
}

interface Terms {
  /** Reserved words that end the list (`do`, `done`, `fi`, …). */
  words?: readonly string[];
  /** Operators that end the list (`)`, `;;`). */
  ops?: readonly string[];
}

class Reader {
  private pos = 0;
  private end: number;
  private steps = 0;
  private readonly budget: number;
  private depth = 0;
  private pending: PendingHeredoc[] = [];
  readonly commands: SimpleCommand[] = [];
  readonly loops: Loop[] = [];
  readonly variables: VarRef[] = [];
  readonly substitutions: Substitution[] = [];
  readonly operators: { op: string; start: number; end: number }[] = [];
  readonly redirects: Redirect[] = [];
  readonly heredocs: Heredoc[] = [];
  readonly errors: { message: string; offset: number }[] = [];
  complete = true;

  constructor(readonly text: string) {
    this.end = text.length;
    this.budget = 40 * text.length + 10_000;
  }

  // ----- low level ----------------------------------------------------------------------------

  private tick(): void {
    if (++this.steps > this.budget) throw new GiveUp('step budget');
  }

  private ch(at = this.pos): string {
    return at < this.end ? this.text[at] : '';
  }

  private atEnd(): boolean {
    return this.pos >= this.end;
  }

  private error(message: string, offset = this.pos): void {
    this.complete = false;
    if (this.errors.length < 50) this.errors.push({ message, offset });
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new GiveUp('nesting');
  }

  private leave(): void {
    this.depth--;
  }

  /** Spaces, tabs, line continuations and comments; not newlines. */
  private skipBlanks(): void {
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
  private newline(): void {
    this.pos++;
    if (this.pending.length) this.readHeredocs();
  }

  /** Blanks and newlines. */
  private skipLinebreaks(): void {
    for (;;) {
      this.skipBlanks();
      if (this.ch() === '\n') this.newline();
      else return;
    }
  }

  /** The control or redirection operator at the position, if any. */
  private peekOp(): string | undefined {
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

  private peekReserved(): string | undefined {
    const c = this.ch();
    if (!c || !/[a-z{}![]/.test(c)) return undefined;
    const m = RESERVED.exec(this.text.slice(this.pos, Math.min(this.end, this.pos + 10)));
    if (!m) return undefined;
    // `{` and `}` must stand alone; `!` must be followed by a blank.
    return m[1];
  }

  private takeReserved(word: string): boolean {
    if (this.peekReserved() === word) {
      this.pos += word.length;
      return true;
    }
    return false;
  }

  private isTerm(terms: Terms): boolean {
    const r = this.peekReserved();
    if (r && terms.words?.includes(r)) return true;
    const op = this.peekOp();
    return !!op && !!terms.ops?.includes(op);
  }

  private addOp(op: string): void {
    this.operators.push({ op, start: this.pos, end: this.pos + op.length });
    this.pos += op.length;
  }

  // ----- lists --------------------------------------------------------------------------------

  parseList(terms: Terms, role: ListRole): List {
    this.enter();
    const list: List = { kind: 'list', role, items: [], start: this.pos, end: this.pos };
    for (;;) {
      this.tick();
      this.skipLinebreaks();
      if (this.atEnd() || this.isTerm(terms)) break;
      const before = this.pos;
      const item = this.parseAndOr(terms);
      if (item) {
        item.parent = list;
        list.items.push(item);
        list.end = item.end;
      }
      this.skipBlanks();
      const op = this.peekOp();
      if (op === ';' || op === '&') {
        if (op === '&' && item) item.background = true;
        this.addOp(op);
        if (item) item.end = this.pos;
        list.end = this.pos;
        continue;
      }
      if (this.ch() === '\n') continue;
      if (this.atEnd() || this.isTerm(terms)) break;
      // Something we cannot read here (a stray `)`, `;;`, a keyword out of place): skip it.
      this.error(`unexpected ${JSON.stringify(this.text.slice(this.pos, this.pos + 4))}`);
      if (this.pos === before || !item) this.skipToken();
    }
    this.leave();
    return list;
  }

  private skipToken(): void {
    const op = this.peekOp();
    if (op) {
      this.pos += op.length;
      return;
    }
    const r = this.peekReserved();
    if (r) {
      this.pos += r.length;
      return;
    }
    const w = this.readWord();
    if (!w) this.pos++;
  }

  private parseAndOr(terms: Terms): AndOr | undefined {
    const first = this.parsePipeline(terms);
    if (!first) return undefined;
    const node: AndOr = { kind: 'andor', pipelines: [first], ops: [], background: false, start: first.start, end: first.end };
    first.parent = node;
    for (;;) {
      this.tick();
      this.skipBlanks();
      const op = this.peekOp();
      if (op !== '&&' && op !== '||') break;
      this.addOp(op);
      this.skipLinebreaks();
      const next = this.parsePipeline(terms);
      if (!next) {
        this.error(`nothing after ${op}`);
        break;
      }
      next.parent = node;
      node.ops.push(op);
      node.pipelines.push(next);
      node.end = next.end;
    }
    return node;
  }

  private parsePipeline(terms: Terms): Pipeline | undefined {
    this.skipBlanks();
    const start = this.pos;
    let negated = false;
    while (this.peekReserved() === '!') {
      this.tick();
      negated = !negated;
      this.pos++;
      this.skipBlanks();
    }
    if (this.isTerm(terms)) {
      if (negated) this.error('nothing after !');
      return undefined;
    }
    const first = this.parseCommand();
    if (!first) return undefined;
    const node: Pipeline = { kind: 'pipeline', negated, commands: [first], start, end: first.end };
    first.parent = node;
    for (;;) {
      this.tick();
      this.skipBlanks();
      const op = this.peekOp();
      if (op !== '|' && op !== '|&') break;
      this.addOp(op);
      this.skipLinebreaks();
      const next = this.parseCommand();
      if (!next) {
        this.error('nothing after |');
        break;
      }
      next.parent = node;
      node.commands.push(next);
      node.end = next.end;
    }
    return node;
  }

  // ----- commands -----------------------------------------------------------------------------

  private parseCommand(): Command | undefined {
    this.skipBlanks();
    const r = this.peekReserved();
    let cmd: Command | undefined;
    switch (r) {
      case 'while':
      case 'until':
        cmd = this.parseWhile(r);
        break;
      case 'for':
        cmd = this.parseFor();
        break;
      case 'if':
        cmd = this.parseIf();
        break;
      case 'case':
        cmd = this.parseCase();
        break;
      case '{':
        cmd = this.parseGroup();
        break;
      case 'function':
        cmd = this.parseFunctionKeyword();
        break;
      default: {
        const op = this.peekOp();
        if (op === '(') {
          cmd = this.ch(this.pos + 1) === '(' ? this.parseArith() : this.parseSubshell();
        } else if (op && !/^(<|>|&>)/.test(op)) {
          return undefined;
        } else if (r && r !== '[[' && r !== '!') {
          // A reserved word out of place (`done` with no loop): not a command.
          return undefined;
        } else {
          cmd = this.parseSimple();
        }
      }
    }
    if (cmd && cmd.kind !== 'simple' && cmd.kind !== 'function') this.parseTrailingRedirects(cmd);
    return cmd;
  }

  private parseTrailingRedirects(cmd: Loop | If | Case | Group): void {
    for (;;) {
      this.tick();
      this.skipBlanks();
      const r = this.tryRedirect();
      if (!r) return;
      r.parent = cmd;
      cmd.redirects.push(r);
      cmd.end = r.end;
    }
  }

  private expectReserved(word: string, node: { end: number }): boolean {
    this.skipLinebreaks();
    if (this.takeReserved(word)) {
      node.end = this.pos;
      return true;
    }
    this.error(`expected ${word}`);
    return false;
  }

  private setParent(child: ShellNode | undefined, parent: ShellNode): void {
    if (child) child.parent = parent;
  }

  /** `do … done` of a loop whose head is read; then the loop is complete. */
  private finishLoop(loop: Loop): Loop {
    if (this.expectReserved('do', loop)) {
      loop.body = this.parseList({ words: ['done'] }, 'body');
      this.expectReserved('done', loop);
    } else {
      loop.body = { kind: 'list', role: 'body', items: [], start: this.pos, end: this.pos };
    }
    this.setParent(loop.body, loop);
    loop.end = Math.max(loop.end, loop.body.end);
    this.loops.push(loop);
    this.leave();
    return loop;
  }

  private parseWhile(kw: 'while' | 'until'): Loop {
    this.enter();
    const start = this.pos;
    this.pos += kw.length;
    const condition = this.parseList({ words: ['do'] }, 'condition');
    const loop: Loop = { kind: kw, condition, body: undefined as unknown as List, redirects: [], start, end: this.pos };
    this.setParent(condition, loop);
    return this.finishLoop(loop);
  }

  private parseFor(): Loop {
    this.enter();
    const start = this.pos;
    this.pos += 3;
    this.skipBlanks();
    const loop: Loop = { kind: 'for', body: undefined as unknown as List, redirects: [], start, end: this.pos };
    if (this.ch() === '(' && this.ch(this.pos + 1) === '(') {
      // for (( i = 0; i < n; i++ ))
      const arith = this.parseArith();
      loop.items = arith.words;
    } else {
      const variable = this.readWord();
      if (variable) {
        variable.parent = loop;
        loop.variable = variable;
      }
      this.skipLinebreaks();
      if (this.takeReserved('in')) {
        loop.items = [];
        for (;;) {
          this.tick();
          this.skipBlanks();
          const op = this.peekOp();
          if (this.atEnd() || this.ch() === '\n' || op) break;
          const w = this.readWord();
          if (!w) break;
          w.parent = loop;
          loop.items.push(w);
        }
      }
    }
    this.skipBlanks();
    if (this.peekOp() === ';') this.addOp(';');
    return this.finishLoop(loop);
  }

  private parseIf(): If {
    this.enter();
    const node: If = { kind: 'if', branches: [], redirects: [], start: this.pos, end: this.pos };
    this.pos += 2;
    for (;;) {
      this.tick();
      const condition = this.parseList({ words: ['then'] }, 'condition');
      this.setParent(condition, node);
      if (!this.expectReserved('then', node)) {
        node.branches.push({ condition, body: { kind: 'list', role: 'body', items: [], start: this.pos, end: this.pos, parent: node } });
        break;
      }
      const body = this.parseList({ words: ['elif', 'else', 'fi'] }, 'body');
      this.setParent(body, node);
      node.branches.push({ condition, body });
      node.end = body.end;
      this.skipLinebreaks();
      if (this.takeReserved('elif')) continue;
      if (this.takeReserved('else')) {
        node.elseBody = this.parseList({ words: ['fi'] }, 'else');
        this.setParent(node.elseBody, node);
      }
      this.expectReserved('fi', node);
      break;
    }
    this.leave();
    return node;
  }

  private parseCase(): Case {
    this.enter();
    const node: Case = { kind: 'case', arms: [], redirects: [], start: this.pos, end: this.pos };
    this.pos += 4;
    this.skipBlanks();
    const subject = this.readWord();
    if (subject) {
      subject.parent = node;
      node.subject = subject;
    }
    this.skipLinebreaks();
    if (!this.takeReserved('in')) {
      this.error('expected in');
      this.leave();
      return node;
    }
    for (;;) {
      this.tick();
      this.skipLinebreaks();
      if (this.atEnd()) {
        this.error('expected esac');
        break;
      }
      if (this.takeReserved('esac')) {
        node.end = this.pos;
        break;
      }
      // Patterns: [(] word [| word]… )
      if (this.peekOp() === '(') this.pos++;
      const patterns: Word[] = [];
      for (;;) {
        this.tick();
        this.skipBlanks();
        const w = this.readWord();
        if (w) {
          w.parent = node;
          patterns.push(w);
        }
        this.skipBlanks();
        const op = this.peekOp();
        if (op === '|') {
          this.pos++;
          continue;
        }
        if (op === ')') this.pos++;
        else this.error('expected )');
        break;
      }
      const body = this.parseList({ words: ['esac'], ops: [';;', ';&', ';;&'] }, 'arm');
      this.setParent(body, node);
      node.arms.push({ patterns, body });
      node.end = this.pos;
      this.skipLinebreaks();
      const op = this.peekOp();
      if (op === ';;' || op === ';&' || op === ';;&') {
        this.addOp(op);
        continue;
      }
      if (this.takeReserved('esac')) {
        node.end = this.pos;
        break;
      }
      if (patterns.length === 0 && body.items.length === 0) {
        this.error('unreadable case arm');
        this.skipToken();
      }
    }
    this.leave();
    return node;
  }

  private parseGroup(): Group {
    this.enter();
    const node: Group = { kind: 'group', body: undefined as unknown as List, redirects: [], start: this.pos, end: this.pos };
    this.pos++;
    node.body = this.parseList({ words: ['}'] }, 'body');
    this.setParent(node.body, node);
    this.expectReserved('}', node);
    this.leave();
    return node;
  }

  private parseSubshell(): Group {
    this.enter();
    const node: Group = { kind: 'subshell', body: undefined as unknown as List, redirects: [], start: this.pos, end: this.pos };
    this.pos++;
    node.body = this.parseList({ ops: [')'] }, 'body');
    this.setParent(node.body, node);
    this.skipLinebreaks();
    if (this.peekOp() === ')') {
      this.pos++;
      node.end = this.pos;
    } else this.error('expected )');
    this.leave();
    return node;
  }

  /** Past an arithmetic expression whose `((` is read, to its `))`; false when the text ends first. */
  private skipArith(): boolean {
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

  /** `(( expr ))` as a command (or the head of a C-style `for`). */
  private parseArith(): SimpleCommand {
    const start = this.pos;
    this.pos += 2;
    if (!this.skipArith()) this.error('unterminated ((');
    const raw = this.text.slice(start, this.pos);
    const word: Word = { kind: 'word', raw, text: raw, quoted: false, expansion: true, glob: false, start, end: this.pos };
    const cmd: SimpleCommand = { kind: 'simple', assignments: [], words: [word], redirects: [], arith: true, start, end: this.pos };
    word.parent = cmd;
    this.commands.push(cmd);
    return cmd;
  }

  private parseFunctionKeyword(): FunctionDef {
    this.enter();
    const start = this.pos;
    this.pos += 'function'.length;
    this.skipBlanks();
    const name = this.readWord();
    this.skipBlanks();
    if (this.peekOp() === '(' && this.text[this.pos + 1] === ')') this.pos += 2;
    else if (this.peekOp() === '(') {
      this.pos++;
      this.skipBlanks();
      if (this.peekOp() === ')') this.pos++;
    }
    const node = this.functionBody(name?.text ?? '', start);
    this.leave();
    return node;
  }

  private functionBody(name: string, start: number): FunctionDef {
    const node: FunctionDef = { kind: 'function', name, start, end: this.pos };
    this.skipLinebreaks();
    const body = this.parseCommand();
    if (body) {
      body.parent = node;
      node.body = body;
      node.end = body.end;
    } else this.error('function without a body');
    return node;
  }

  /** A redirection at the position (with its fd number), or undefined. */
  private tryRedirect(): Redirect | undefined {
    const start = this.pos;
    let fd: string | undefined;
    let p = this.pos;
    while (p < this.end && p - this.pos < 4 && /[0-9]/.test(this.text[p])) p++;
    if (p > this.pos && (this.text[p] === '<' || this.text[p] === '>')) {
      fd = this.text.slice(this.pos, p);
      this.pos = p;
    }
    const op = this.peekOp();
    if (!op || !/^(<|>|&>)/.test(op) || op === '&&') {
      this.pos = start;
      return undefined;
    }
    this.pos += op.length;
    const r: Redirect = { kind: 'redirect', op, fd, start, end: this.pos };
    this.skipBlanks();
    const target = this.readWord();
    if (target) {
      target.parent = r;
      r.target = target;
      r.end = target.end;
    } else this.error(`nothing after ${op}`);
    if ((op === '<<' || op === '<<-') && target) {
      this.pending.push({ redirect: r, delimiter: target.text, quoted: target.quoted, stripTabs: op === '<<-' });
    }
    this.redirects.push(r);
    return r;
  }

  private parseSimple(): SimpleCommand | FunctionDef | undefined {
    const cmd: SimpleCommand = { kind: 'simple', assignments: [], words: [], redirects: [], start: this.pos, end: this.pos };
    let condMode = false;
    for (;;) {
      this.tick();
      this.skipBlanks();
      if (this.atEnd() || this.ch() === '\n') break;
      if (condMode) {
        // Inside [[ … ]]: operators are plain words until ]].
        const w = this.readCondWord();
        if (!w) break;
        w.parent = cmd;
        cmd.words.push(w);
        cmd.end = w.end;
        if (w.raw === ']]') condMode = false;
        continue;
      }
      const redirect = this.tryRedirect();
      if (redirect) {
        redirect.parent = cmd;
        cmd.redirects.push(redirect);
        cmd.end = redirect.end;
        continue;
      }
      const op = this.peekOp();
      if (op === '(' && cmd.words.length === 1 && cmd.assignments.length === 0 && !cmd.redirects.length) {
        // name() { …; }
        const save = this.pos;
        this.pos++;
        this.skipBlanks();
        if (this.peekOp() === ')') {
          this.pos++;
          this.enter();
          const fn = this.functionBody(cmd.words[0].text, cmd.start);
          this.leave();
          return fn;
        }
        this.pos = save;
      }
      if (op) break;
      const w = this.readWord();
      if (!w) {
        this.error('unreadable character');
        this.pos++;
        continue;
      }
      w.parent = cmd;
      if (cmd.words.length === 0 && ASSIGNMENT.test(w.raw)) cmd.assignments.push(w);
      else {
        cmd.words.push(w);
        if (cmd.words.length === 1 && w.raw === '[[') condMode = true;
      }
      cmd.end = w.end;
    }
    if (!cmd.words.length && !cmd.assignments.length && !cmd.redirects.length) return undefined;
    this.commands.push(cmd);
    return cmd;
  }

  /** A word inside `[[ … ]]`, where `&&`, `||`, `<`, `>`, `(`, `)` are words too. */
  private readCondWord(): Word | undefined {
    const start = this.pos;
    const m = /^(&&|\|\||<|>|\(|\)|!)(?=[ \t\n]|$)/.exec(this.text.slice(this.pos, Math.min(this.end, this.pos + 3)));
    if (m) {
      this.pos += m[1].length;
      return { kind: 'word', raw: m[1], text: m[1], literal: m[1], quoted: false, expansion: false, glob: false, start, end: this.pos };
    }
    return this.readWord(true);
  }

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
  private closesInWord(from: number): boolean {
    for (let p = from; p < this.end && p < from + 200; p++) {
      const c = this.text[p];
      if (c === ']') return p > from;
      if (META.has(c) || c === '"' || c === "'") return false;
    }
    return false;
  }

  private skipBalanced(open: string, close: string): void {
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

  private readSingle(): string {
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
  private readAnsiC(): string {
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

  private readDouble(): { text: string; expansion: boolean } {
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
  private readBacktick(): void {
    this.enter();
    try {
      this.readBacktickBody();
    } finally {
      this.leave();
    }
  }

  private readBacktickBody(): void {
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
  private readDollar(context: VarRef['context']): boolean {
    this.enter();
    try {
      return this.readDollarBody(context);
    } finally {
      this.leave();
    }
  }

  private readDollarBody(context: VarRef['context']): boolean {
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
  private readBraced(context: VarRef['context']): void {
    this.enter();
    try {
      this.readBracedBody(context);
    } finally {
      this.leave();
    }
  }

  private readBracedBody(context: VarRef['context']): void {
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

  // ----- here-documents -----------------------------------------------------------------------

  private readHeredocs(): void {
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
  private scanHeredocBody(from: number, to: number): void {
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

  // ----- top level ----------------------------------------------------------------------------

  read(): List {
    const root = this.parseList({}, 'script');
    if (!this.atEnd()) this.error('text after the end of the script');
    if (this.pending.length) {
      this.error('here-document without a body');
      this.pending = [];
    }
    return root;
  }
}

/** Reads a shell script. Never throws; bounded time (see the file comment). */
export function parseScript(text: string): Script {
  const source = typeof text === 'string' ? text : String(text ?? '');
  const r = new Reader(source);
  let root: List;
  try {
    root = r.read();
  } catch (e) {
    r.complete = false;
    r.errors.push({ message: e instanceof GiveUp ? `gave up: ${e.message}` : `reader failure: ${(e as Error)?.message ?? e}`, offset: 0 });
    root = { kind: 'list', role: 'script', items: [], start: 0, end: source.length };
  }
  const byStart = <T extends { start: number }>(a: T, b: T) => a.start - b.start;
  return {
    text: source,
    root,
    commands: r.commands.sort(byStart),
    loops: r.loops.sort(byStart),
    variables: r.variables.sort(byStart),
    substitutions: r.substitutions.sort(byStart),
    operators: r.operators.sort(byStart),
    redirects: r.redirects.sort(byStart),
    heredocs: r.heredocs,
    complete: r.complete,
    errors: r.errors,
  };
}
