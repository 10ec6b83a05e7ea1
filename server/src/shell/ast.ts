/**
 * The tree the shell reader produces. Every node carries `start`/`end` offsets into the script
 * text it was read from (UTF-16 code units, end exclusive) and a `parent` link, so that a rule can
 * point into the script and ask where a command sits (in a loop condition, after `||`, in the
 * background…).
 *
 * The reader covers what init-container scripts use: simple commands with assignments, words
 * and redirections; pipelines, `&&`/`||` lists, `;`/`&`/newline separators; `while`, `until`,
 * `for`, `if`, `case`, `{ …; }`, `( … )`, functions, `(( … ))` and `[[ … ]]`; quoting, escapes,
 * `$VAR`, `${…}`, `$(…)`, backticks, `$((…))` and here-documents. It is not a full POSIX parser:
 * aliases, `select`, coprocesses and process substitution are read as plain words.
 */

export interface Spanned {
  start: number;
  end: number;
}

export interface NodeBase extends Spanned {
  parent?: ShellNode;
}

/** A variable read: `$NAME`, `${NAME}`, `${NAME:-x}`, `${#NAME}`; also `$1`, `$@`, … */
export interface VarRef {
  name: string;
  start: number;
  end: number;
  braced: boolean;
  /** The operator of a braced expansion (`:-`, `-`, `:=`, `:?`, `:+`, `#`, `%%`, `/`, `len`…). */
  op?: string;
  /** Where it sits: unquoted, in double quotes, in an unquoted here-document body, in `$((…))`. */
  context: 'unquoted' | 'double' | 'heredoc' | 'arith';
}

/** `$(…)`, `` `…` `` or `$((…))` inside a word (or a here-document body). */
export interface Substitution {
  kind: '$(' | '`' | '$((';
  start: number;
  end: number;
  /** The commands inside (command substitutions only). */
  body?: List;
}

export interface Word extends Spanned {
  kind: 'word';
  parent?: ShellNode | Redirect;
  /** The word as written. */
  raw: string;
  /**
   * The word after quote removal when it holds no expansion and no unquoted glob character: what
   * the command receives. Undefined otherwise.
   */
  literal?: string;
  /** The word after quote removal with every expansion kept as written (`--x=$Y` for `"--x=$Y"`). */
  text: string;
  /** Some part of it is quoted or escaped. */
  quoted: boolean;
  /** It holds a parameter expansion, a command substitution or an arithmetic expansion. */
  expansion: boolean;
  /** It holds an unquoted `*`, `?` or `[…]`. */
  glob: boolean;
}

export interface Heredoc {
  delimiter: string;
  /** The delimiter was quoted (`<<'EOF'`): the body is taken literally. */
  quoted: boolean;
  /** `<<-`: leading tabs are stripped. */
  stripTabs: boolean;
  bodyStart: number;
  bodyEnd: number;
}

export interface Redirect extends NodeBase {
  kind: 'redirect';
  /** `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `<&`, `<>`, `>|`, `&>`, `&>>`. */
  op: string;
  /** The file descriptor written before the operator (`2` in `2>&1`). */
  fd?: string;
  target?: Word;
  heredoc?: Heredoc;
}

export interface SimpleCommand extends NodeBase {
  kind: 'simple';
  /** `NAME=value` words before the command name. */
  assignments: Word[];
  /** The command name and its arguments. */
  words: Word[];
  redirects: Redirect[];
  /** `(( … ))`: an arithmetic command (its only word is the whole text). */
  arith?: boolean;
}

export interface Pipeline extends NodeBase {
  kind: 'pipeline';
  /** `! cmd`. */
  negated: boolean;
  commands: Command[];
}

export interface AndOr extends NodeBase {
  kind: 'andor';
  pipelines: Pipeline[];
  /** `ops[i]` joins `pipelines[i]` and `pipelines[i + 1]`. */
  ops: ('&&' | '||')[];
  /** Ended by `&`: runs in the background. */
  background: boolean;
}

/** Where a list sits in its parent. */
export type ListRole = 'script' | 'condition' | 'body' | 'else' | 'substitution' | 'arm';

export interface List extends NodeBase {
  kind: 'list';
  role: ListRole;
  items: AndOr[];
}

export interface Loop extends NodeBase {
  kind: 'while' | 'until' | 'for';
  /** `while`/`until`: the condition list. */
  condition?: List;
  /** `for`: the loop variable and the words after `in` (undefined without `in`). */
  variable?: Word;
  items?: Word[];
  body: List;
  redirects: Redirect[];
}

export interface If extends NodeBase {
  kind: 'if';
  branches: { condition: List; body: List }[];
  elseBody?: List;
  redirects: Redirect[];
}

export interface Case extends NodeBase {
  kind: 'case';
  subject?: Word;
  arms: { patterns: Word[]; body: List }[];
  redirects: Redirect[];
}

export interface Group extends NodeBase {
  kind: 'group' | 'subshell';
  body: List;
  redirects: Redirect[];
}

export interface FunctionDef extends NodeBase {
  kind: 'function';
  name: string;
  body?: Command;
}

export type Command = SimpleCommand | Loop | If | Case | Group | FunctionDef;
export type ShellNode = List | AndOr | Pipeline | Command;

export interface Script {
  text: string;
  root: List;
  /** Every simple command, in source order of their start, those in substitutions included. */
  commands: SimpleCommand[];
  /** Every `while`/`until`/`for` loop. */
  loops: Loop[];
  /** Every variable read, in source order (single-quoted text and quoted here-documents hold none). */
  variables: VarRef[];
  substitutions: Substitution[];
  /** Control operators as written: `;`, `&`, `&&`, `||`, `|`, `|&`, `;;`. */
  operators: { op: string; start: number; end: number }[];
  /** Redirections, in source order. */
  redirects: Redirect[];
  heredocs: Heredoc[];
  /** False when the reader gave up (step budget, nesting limit) or met syntax it could not read. */
  complete: boolean;
  errors: { message: string; offset: number }[];
}
