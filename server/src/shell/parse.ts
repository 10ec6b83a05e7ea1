/**
 * A small reader for the shell scripts of `command`/`args` (see ./ast.ts for what it covers).
 *
 * It never throws and its time is bounded: every character it looks at costs a step, and it
 * gives up (returning what it has read, `complete: false`) past a budget linear in the length of
 * the text, or past a nesting depth. It does not backtrack: lookahead is a few characters.
 * Syntax errors are recorded and skipped over, so a half-written script still yields its commands.
 *
 * The rooms: `lexer.ts` (cursor, blanks, operators, reserved words, here-documents), `words.ts`
 * (words, quotes and expansions), and here the grammar: lists, and-or lists, pipelines and
 * commands (loops, conditionals, case, groups, subshells, functions, simple commands with their
 * assignments and redirections).
 */
import type { AndOr, Case, Command, FunctionDef, Group, If, List, ListRole, Loop, Pipeline, Redirect, Script, ShellNode, SimpleCommand, Word } from './ast';
import { ASSIGNMENT, GiveUp, type Terms } from './lexer';
import { WordLexer } from './words';

class Reader extends WordLexer {
  readonly commands: SimpleCommand[] = [];
  readonly loops: Loop[] = [];
  readonly redirects: Redirect[] = [];

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
