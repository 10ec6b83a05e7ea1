/**
 * The TextMate injection grammar `syntaxes/initlens-shell-injection.tmLanguage.json`, run in Node
 * by vscode-textmate + vscode-oniguruma (the engine VS Code uses) against the real YAML and shell
 * grammars of two VS Code generations:
 *
 * - VS Code >= 1.95: RedCMD's YAML grammar (source.yaml → source.yaml.1.2 …), taken from
 *   `@codingame/monaco-vscode-yaml-default-extension`, and VS Code's shell grammar from
 *   `@codingame/monaco-vscode-shellscript-default-extension`;
 * - VS Code 1.91–1.94: textmate/yaml.tmbundle's YAML grammar and the same shell grammar, from
 *   `tm-grammars`.
 *
 * Fixtures are `test/fixtures-grammar/*.yaml` with inline expectations:
 *
 *       command: ["sh", "-c", "echo hi > /x"]
 *   #                          ^^^^ source.shell support.function.builtin.shell !string.quoted.double.yaml
 *
 * - `# ^^^ <term> …`: every column under a caret, on the nearest line above that is not an
 *   expectation, is covered by a token whose scopes match every term. A term matches a scope that
 *   equals it or starts with it followed by a dot (`keyword.control` matches
 *   `keyword.control.if.shell`); `!term` means no scope may match.
 * - `# <- <term> …`: the same for column 0.
 * - `# grammar-test: no-shell`: no token of the file may carry `source.shell`.
 * Expectation lines are removed before tokenizing (so they cannot end a block scalar), and the
 * rest must parse as YAML.
 *
 * Every fixture is also tokenized without the injection: wherever the injection did not take over
 * (no `meta.initlens.command-args.yaml` scope), both tokenizations must give the same scopes at
 * every character, `meta.*` scopes aside (they carry no colour; RedCMD's YAML grammar, for one,
 * keeps a less indented comment after a block scalar in its `meta.scalar.yaml`), i.e. the
 * injection changes no highlighting outside command/args values. The same holds, and nothing
 * stops early, on the real manifests of ../shared/corpus/real that have a command/args block scalar
 * or a -c option (skipped when the corpus is absent).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { parseAllDocuments } from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');
const GRAMMAR_PATH = path.join(ROOT, 'syntaxes', 'initlens-shell-injection.tmLanguage.json');
const FIXTURES = path.join(ROOT, 'test', 'fixtures-grammar');
const CORPUS = path.resolve(ROOT, '../shared/corpus/real');
const INJECTION_SCOPE = 'source.yaml.initlens-shell';
const INJECTION_SELECTOR = 'L:source.yaml -comment -string -source.shell -meta.initlens.command-args.yaml';
const REGION_SCOPE = 'meta.initlens.command-args.yaml';

interface GrammarSet {
  name: string;
  /** scopeName → module path (resolved from the repository root). */
  modules: Record<string, string>;
}

const CODINGAME_YAML = '@codingame/monaco-vscode-yaml-default-extension/resources/';
const GRAMMAR_SETS: GrammarSet[] = [
  {
    name: 'VS Code >= 1.95 (RedCMD YAML)',
    modules: {
      'source.yaml': CODINGAME_YAML + 'yaml.tmLanguage.json',
      'source.yaml.1.0': CODINGAME_YAML + 'yaml-1.0.tmLanguage.json',
      'source.yaml.1.1': CODINGAME_YAML + 'yaml-1.1.tmLanguage.json',
      'source.yaml.1.2': CODINGAME_YAML + 'yaml-1.2.tmLanguage.json',
      'source.yaml.1.3': CODINGAME_YAML + 'yaml-1.3.tmLanguage.json',
      'source.yaml.embedded': CODINGAME_YAML + 'yaml-embedded.tmLanguage.json',
      'source.shell': '@codingame/monaco-vscode-shellscript-default-extension/resources/shell-unix-bash.tmLanguage.json',
    },
  },
  {
    name: 'VS Code 1.91-1.94 (textmate/yaml.tmbundle)',
    modules: {
      'source.yaml': 'tm-grammars/grammars/yaml.json',
      'source.shell': 'tm-grammars/grammars/shellscript.json',
    },
  },
];

function resolveModule(spec: string): string {
  try {
    return require.resolve(spec, { paths: [ROOT] });
  } catch {
    const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    throw new Error(`cannot find ${spec}: install the devDependency ${pkg} (npm install)`);
  }
}

// ---------------------------------------------------------------------------------------------
// Engine

let onigLib: Promise<vsctm.IOnigLib> | undefined;

function loadOnigLib(): Promise<vsctm.IOnigLib> {
  onigLib ??= (async () => {
    const wasm = fs.readFileSync(resolveModule('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    };
  })();
  return onigLib;
}

/** source.yaml of a grammar set, with our grammar injected the way `injectTo` does in VS Code. */
async function loadYamlGrammar(set: GrammarSet, withInjection: boolean): Promise<vsctm.IGrammar> {
  const files: Record<string, string> = {};
  for (const [scope, spec] of Object.entries(set.modules)) files[scope] = resolveModule(spec);
  if (withInjection) files[INJECTION_SCOPE] = GRAMMAR_PATH;
  const registry = new vsctm.Registry({
    onigLib: loadOnigLib(),
    loadGrammar: (scopeName) => {
      const file = files[scopeName];
      return Promise.resolve(file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null);
    },
    getInjections: (scopeName) => (withInjection && scopeName === 'source.yaml' ? [INJECTION_SCOPE] : undefined),
  });
  const grammar = await registry.loadGrammar('source.yaml');
  assert.ok(grammar, `${set.name}: source.yaml did not load`);
  return grammar;
}

interface Token {
  start: number;
  end: number;
  scopes: string[];
}

function tokenize(grammar: vsctm.IGrammar, lines: readonly string[]): Token[][] {
  let state = vsctm.INITIAL;
  return lines.map((line, i) => {
    const r = grammar.tokenizeLine(line, state);
    assert.ok(!r.stoppedEarly, `line ${i + 1}: tokenization stopped early`);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ start: t.startIndex, end: Math.min(t.endIndex, line.length), scopes: t.scopes }));
  });
}

function tokenAt(tokens: readonly Token[], column: number): Token | undefined {
  return tokens.find((t) => t.start <= column && column < t.end);
}

// ---------------------------------------------------------------------------------------------
// Fixtures

interface Expectation {
  /** 1-based line in the fixture file, for messages. */
  fixtureLine: number;
  /** 0-based line in the tokenized text (expectation lines removed). */
  line: number;
  from: number;
  to: number;
  include: string[];
  exclude: string[];
}

interface Fixture {
  name: string;
  lines: string[];
  expectations: Expectation[];
  noShell: boolean;
}

const CARETS = /^[\t ]*#[\t ]*(\^+)[\t ]+(\S.*)$/;
const COLUMN0 = /^#[\t ]*<-[\t ]+(\S.*)$/;
const DIRECTIVE = /^#[\t ]*grammar-test:[\t ]*(.*)$/;

function parseFixture(file: string): Fixture {
  const raw = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  const fixture: Fixture = { name: path.basename(file), lines: [], expectations: [], noShell: false };
  raw.forEach((text, i) => {
    const directive = DIRECTIVE.exec(text);
    if (directive) {
      for (const word of directive[1].split(/[\s,]+/).filter(Boolean)) {
        if (word === 'no-shell') fixture.noShell = true;
        else throw new Error(`${fixture.name}:${i + 1}: unknown directive ${word}`);
      }
    }
    const carets = CARETS.exec(text);
    const column0 = COLUMN0.exec(text);
    if (!carets && !column0) {
      fixture.lines.push(text);
      return;
    }
    assert.ok(fixture.lines.length > 0, `${fixture.name}:${i + 1}: expectation before any line`);
    const terms = (carets ? carets[2] : column0![1]).trim().split(/\s+/);
    const from = carets ? text.indexOf('^') : 0;
    fixture.expectations.push({
      fixtureLine: i + 1,
      line: fixture.lines.length - 1,
      from,
      to: carets ? from + carets[1].length - 1 : 0,
      include: terms.filter((t) => !t.startsWith('!')),
      exclude: terms.filter((t) => t.startsWith('!')).map((t) => t.slice(1)),
    });
  });
  return fixture;
}

const matches = (scopes: readonly string[], term: string): boolean => scopes.some((s) => s === term || s.startsWith(term + '.'));

const fixtureFiles = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => path.join(FIXTURES, f));
const fixtures = fixtureFiles.map(parseFixture);

function show(line: string, token: Token | undefined): string {
  return token ? `${JSON.stringify(line.slice(token.start, token.end))} [${token.scopes.join(' ')}]` : 'no token';
}

function checkExpectations(fixture: Fixture, set: GrammarSet, tokens: Token[][]): string[] {
  const failures: string[] = [];
  for (const e of fixture.expectations) {
    const line = fixture.lines[e.line];
    for (let column = e.from; column <= e.to; column++) {
      const token = tokenAt(tokens[e.line], column);
      const scopes = token?.scopes ?? [];
      const missing = e.include.filter((t) => !matches(scopes, t));
      const present = e.exclude.filter((t) => matches(scopes, t));
      if (missing.length || present.length) {
        failures.push(
          `${fixture.name}:${e.fixtureLine} (${set.name}) column ${column} of ${JSON.stringify(line)}: ` +
            [missing.length ? `missing ${missing.join(', ')}` : '', present.length ? `unexpected ${present.join(', ')}` : ''].filter(Boolean).join('; ') +
            ` — token ${show(line, token)}`,
        );
        break; // one message per expectation
      }
    }
  }
  return failures;
}

/** The scopes a theme can colour: all but the structural `meta.*` ones. */
const highlighting = (token: Token | undefined): string => (token?.scopes ?? []).filter((s) => !s.startsWith('meta.')).join(' ');

/** Outside the command/args regions the injection must not change a single scope. */
function checkUnchanged(fixture: Fixture, set: GrammarSet, injected: Token[][], base: Token[][]): string[] {
  const failures: string[] = [];
  fixture.lines.forEach((line, i) => {
    for (let column = 0; column < line.length; column++) {
      const mine = tokenAt(injected[i], column);
      if (!mine || mine.scopes.includes(REGION_SCOPE)) continue;
      const theirs = tokenAt(base[i], column);
      if (highlighting(mine) !== highlighting(theirs)) {
        failures.push(
          `${fixture.name} line ${i + 1} column ${column} (${set.name}): ${JSON.stringify(line)} changed outside command/args: ` +
            `${show(line, theirs)} became ${show(line, mine)}`,
        );
        return;
      }
    }
  });
  return failures;
}

/** Real manifests with a command/args block scalar or a shell -c option. */
function corpusFiles(): { name: string; lines: string[] }[] {
  if (!fs.existsSync(CORPUS)) return [];
  return fs
    .readdirSync(CORPUS)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({ name: f, text: fs.readFileSync(path.join(CORPUS, f), 'utf8') }))
    .filter(({ text }) => /^[ \t]*(- +)?(command|args):/m.test(text) && (/["' [,]-[a-zA-Z]*c["',\s]/.test(text) || /(command|args):[ \t]+[|>]/.test(text)))
    .map(({ name, text }) => ({ name, lines: text.replace(/\r\n/g, '\n').split('\n') }));
}

function checkNoShell(fixture: Fixture, set: GrammarSet, tokens: Token[][]): string[] {
  const failures: string[] = [];
  tokens.forEach((lineTokens, i) => {
    const shell = lineTokens.find((t) => t.end > t.start && matches(t.scopes, 'source.shell'));
    if (shell) failures.push(`${fixture.name} line ${i + 1} (${set.name}): shell token ${show(fixture.lines[i], shell)}`);
  });
  return failures;
}

// ---------------------------------------------------------------------------------------------
// Tests

describe('shell injection grammar', () => {
  test('the grammar file is a well-formed injection grammar whose regexes all compile', async () => {
    const grammar = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8'));
    assert.equal(grammar.scopeName, INJECTION_SCOPE);
    assert.equal(grammar.injectionSelector, INJECTION_SELECTOR);
    await loadOnigLib();
    const regexes: { where: string; source: string }[] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${where}[${i}]`));
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (['match', 'begin', 'end', 'while'].includes(key) && typeof value === 'string') {
            // end/while may refer to begin's captures; give the compiler something in their place.
            const source = key === 'end' || key === 'while' ? value.replace(/\\(\d)/g, ' ') : value;
            regexes.push({ where: `${where}.${key}`, source });
          } else walk(value, `${where}.${key}`);
        }
      }
    };
    walk(grammar, '$');
    assert.ok(regexes.length > 20, 'too few regexes found');
    for (const { where, source } of regexes) {
      assert.doesNotThrow(() => new oniguruma.OnigScanner([source]).dispose(), `${where} does not compile: ${source}`);
    }
    const includes = JSON.stringify(grammar).match(/"include":\s*"#[^"]+"/g) ?? [];
    for (const include of includes) {
      const name = include.replace(/^"include":\s*"#/, '').replace(/"$/, '');
      assert.ok(grammar.repository?.[name], `missing repository rule ${name}`);
    }
  });

  test('package.json contributes the grammar as an injection into source.yaml', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const entries: { path?: string; scopeName?: string; injectTo?: string[]; embeddedLanguages?: Record<string, string> }[] =
      manifest.contributes?.grammars ?? [];
    const entry = entries.find((g) => path.normalize(g.path ?? '') === path.normalize('./syntaxes/initlens-shell-injection.tmLanguage.json'));
    assert.ok(entry, 'contributes.grammars has no entry for ./syntaxes/initlens-shell-injection.tmLanguage.json');
    assert.equal(entry.scopeName, INJECTION_SCOPE);
    assert.deepEqual(entry.injectTo, ['source.yaml']);
    assert.equal(entry.embeddedLanguages?.['meta.embedded.block.shell'], 'shellscript');
    assert.equal(entry.embeddedLanguages?.['meta.embedded.line.shell'], 'shellscript');
  });

  test('fixtures are YAML once expectations are removed, and expect something', () => {
    assert.ok(fixtures.length >= 4, `fixtures in ${FIXTURES}`);
    for (const fixture of fixtures) {
      const docs = parseAllDocuments(fixture.lines.join('\n') + '\n');
      const list = Array.isArray(docs) ? docs : [docs];
      for (const doc of list) {
        assert.deepEqual(
          doc.errors.map((e) => e.message),
          [],
          `${fixture.name} is not valid YAML`,
        );
      }
      assert.ok(fixture.noShell || fixture.expectations.length > 0, `${fixture.name} has no expectation`);
    }
  });

  for (const set of GRAMMAR_SETS) {
    describe(set.name, () => {
      let injected: vsctm.IGrammar;
      let base: vsctm.IGrammar;
      before(async () => {
        injected = await loadYamlGrammar(set, true);
        base = await loadYamlGrammar(set, false);
      });

      for (const fixture of fixtures) {
        test(fixture.name, () => {
          const tokens = tokenize(injected, fixture.lines);
          const failures = [
            ...checkExpectations(fixture, set, tokens),
            ...checkUnchanged(fixture, set, tokens, tokenize(base, fixture.lines)),
            ...(fixture.noShell ? checkNoShell(fixture, set, tokens) : []),
          ];
          assert.deepEqual(failures, []);
        });
      }

      test('real manifests: nothing changes outside command/args', { skip: !fs.existsSync(CORPUS) && `no corpus at ${CORPUS}` }, () => {
        const files = corpusFiles();
        assert.ok(files.length > 50, `expected ~90 corpus files with shell in command/args, found ${files.length}`);
        const failures: string[] = [];
        let withShell = 0;
        for (const file of files) {
          const fixture: Fixture = { name: file.name, lines: file.lines, expectations: [], noShell: false };
          const tokens = tokenize(injected, file.lines);
          failures.push(...checkUnchanged(fixture, set, tokens, tokenize(base, file.lines)));
          if (tokens.some((line) => line.some((t) => matches(t.scopes, 'source.shell')))) withShell++;
        }
        assert.deepEqual(failures, []);
        assert.ok(withShell >= files.length * 0.8, `shell found in only ${withShell} of ${files.length} files`);
      });
    });
  }
});
