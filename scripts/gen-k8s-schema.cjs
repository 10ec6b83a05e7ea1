#!/usr/bin/env node
// Build-time generator: Kubernetes JSON Schemas (draft-07) from kubernetes-models.
//
//   node scripts/gen-k8s-schema.cjs <outDir>
//
// Input: the .d.ts files of kubernetes-models (pinned 5.1.0 = Kubernetes 1.36), read with the
// TypeScript compiler API: field descriptions (JSDoc), string-literal enums, required fields
// (non-optional properties), nested object types. The .d.ts only says `number`, so whether a field
// is an integer is recovered from the compiled ajv validators the package also ships
// (`_schemas/*.js`, parsed with the same compiler API), which keep `type: integer` and the
// int32/int64 format per property.
//
// Output: one schema per apiVersion+kind (`<apiVersion with / -> _>_<Kind>.json`, the root
// object schema), `definitions.json` with the definitions they refer to (written once: a .vsix
// compresses file by file), and `index.json` mapping "apiVersion/kind" to the file. The loader
// gives each kind its own copy of the definitions it reaches. The kind is selected in code from apiVersion/kind; there is
// deliberately no root oneOf/if-then over all kinds.
'use strict';

const fs = require('fs');
const path = require('path');
const ts = require('typescript');
const { fieldVersions } = require('./gen-k8s-versions.cjs');

const EXPECTED_MODELS_VERSION = '5.1.0';
const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
/** The definitions every kind's schema refers to (`#/definitions/…`), written once. */
const DEFINITIONS_FILE = 'definitions.json';
/** In which Kubernetes versions each field exists (./gen-k8s-versions.cjs). */
const VERSIONS_FILE = 'versions.json';

// ---------------------------------------------------------------------------------------------
// Locating the packages

function findPackageDir(name) {
  // kubernetes-models restricts deep imports with "exports", so walk node_modules folders
  // instead of require.resolve('<pkg>/package.json').
  for (const base of [path.resolve(__dirname, '..'), process.cwd()]) {
    let dir = base;
    for (;;) {
      const candidate = path.join(dir, 'node_modules', name);
      if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`cannot find package ${name} (run npm install)`);
}

// ---------------------------------------------------------------------------------------------
// Integer facts from the compiled ajv validators (_schemas/*.js)
//
// Each file is one definition: `export const validate = validateN`, top-level functions
// `validateK(data, {instancePath, ...})`. A function checks its own `data` (error objects
// `{instancePath, keyword: "type", params: {type: "integer"}}`), checks properties inline
// (`{instancePath: instancePath + "/prop", ...}`) and delegates to other local functions
// (`validateM(data.prop, {instancePath: instancePath + "/prop", ...})`; array items and map
// values use a dynamic segment `instancePath + "/" + i0`). Functions imported from other files
// are other definitions: not followed. The result maps a relative path ("replicas",
// "supplementalGroups/*") to the set of JSON types and formats checked there.

const DYN = '\u0000';

function propName(p) {
  const n = p.name;
  if (!n) return undefined;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n)) return n.text;
  return undefined;
}

/** Segments of an instancePath expression relative to the function's own instancePath. */
function instancePathSegments(expr) {
  const parts = [];
  const flatten = (e) => {
    if (ts.isParenthesizedExpression(e)) return flatten(e.expression);
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      flatten(e.left);
      flatten(e.right);
      return;
    }
    parts.push(e);
  };
  flatten(expr);
  if (!parts.length || !ts.isIdentifier(parts[0]) || parts[0].text !== 'instancePath') return undefined;
  let s = '';
  for (const p of parts.slice(1)) s += ts.isStringLiteral(p) || ts.isNoSubstitutionTemplateLiteral(p) ? p.text : DYN;
  if (s === '') return [];
  if (!s.startsWith('/')) return undefined;
  return s
    .slice(1)
    .split('/')
    .map((seg) => (seg.includes(DYN) ? '*' : seg.replace(/~1/g, '/').replace(/~0/g, '~')));
}

function instancePathOf(obj) {
  for (const p of obj.properties) {
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === 'instancePath') return [];
    if (ts.isPropertyAssignment(p) && propName(p) === 'instancePath') return instancePathSegments(p.initializer);
  }
  return undefined;
}

function analyzeValidatorFile(file) {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const functions = new Map();
  let entry;
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name) functions.set(st.name.text, st);
    if (ts.isVariableStatement(st) && st.modifiers && st.modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === 'validate' && d.initializer && ts.isIdentifier(d.initializer)) entry = d.initializer.text;
      }
    }
  }
  // Per function: own facts and edges, both with relative paths.
  const summaries = new Map();
  const summarize = (name) => {
    if (summaries.has(name)) return summaries.get(name);
    const fn = functions.get(name);
    const s = { facts: [], edges: [] };
    summaries.set(name, s);
    if (!fn || !fn.body) return s;
    const visit = (node) => {
      if (ts.isObjectLiteralExpression(node)) {
        let keyword;
        let params;
        for (const p of node.properties) {
          if (!ts.isPropertyAssignment(p)) continue;
          const n = propName(p);
          if (n === 'keyword' && ts.isStringLiteral(p.initializer)) keyword = p.initializer.text;
          if (n === 'params' && ts.isObjectLiteralExpression(p.initializer)) params = p.initializer;
        }
        if ((keyword === 'type' || keyword === 'format') && params) {
          const at = instancePathOf(node);
          for (const p of params.properties) {
            if (ts.isPropertyAssignment(p) && propName(p) === keyword && ts.isStringLiteral(p.initializer) && at) {
              s.facts.push({ path: at, [keyword]: p.initializer.text });
            }
          }
        }
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && functions.has(node.expression.text)) {
        const opts = node.arguments[1];
        if (opts && ts.isObjectLiteralExpression(opts)) {
          const at = instancePathOf(opts);
          if (at) s.edges.push({ path: at, fn: node.expression.text });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(fn.body);
    return s;
  };
  const facts = new Map(); // "a/*/b" -> { types: Set, formats: Set }
  const seen = new Set();
  const walk = (name, prefix) => {
    const key = name + '@' + prefix.join('/');
    if (seen.has(key) || prefix.length > 12) return;
    seen.add(key);
    const s = summarize(name);
    for (const f of s.facts) {
      const p = prefix.concat(f.path).join('/');
      let e = facts.get(p);
      if (!e) facts.set(p, (e = { types: new Set(), formats: new Set() }));
      if (f.type) e.types.add(f.type);
      if (f.format) e.formats.add(f.format);
    }
    for (const e of s.edges) walk(e.fn, prefix.concat(e.path));
  };
  if (entry) walk(entry, []);
  return facts;
}

// ---------------------------------------------------------------------------------------------
// Main

/** A type-checked program over the declaration files `rootFiles` (ESM packages with "exports" maps). */
function declarationProgram(rootFiles) {
  const program = ts.createProgram(rootFiles, {
    noEmit: true,
    strict: false,
    skipLibCheck: true,
    lib: ['lib.es5.d.ts'],
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    // the packages are ESM with "exports" maps and `./X.js` specifiers
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  });
  return { program, checker: program.getTypeChecker() };
}

/**
 * JSDoc readers: `doc(symbol)`, and `inheritedDoc(type, name)` for a property a kind redeclares
 * without JSDoc (apiVersion and kind, as literals) whose text is on a base interface (TypeMeta of
 * @kubernetes-models/base).
 */
function docReader(checker) {
  function doc(sym) {
    if (!sym) return undefined;
    const s = ts.displayPartsToString(sym.getDocumentationComment(checker)).trim();
    return s || undefined;
  }
  function inheritedDoc(type, name) {
    if (!(type.flags & ts.TypeFlags.Object) || !(type.objectFlags & ts.ObjectFlags.ClassOrInterface)) return undefined;
    for (const base of checker.getBaseTypes(type) || []) {
      const p = base.getProperty(name);
      const d = (p && doc(p)) || inheritedDoc(base, name);
      if (d) return d;
    }
    return undefined;
  }
  return { doc, inheritedDoc };
}

/** The interfaces of `rootFiles` with literal `apiVersion` and `kind`: `{ file, apiVersion, kind, type, decl }`. */
function literalKinds(program, checker, rootFiles) {
  const kinds = [];
  for (const file of rootFiles) {
    const sf = program.getSourceFile(file);
    if (!sf) continue;
    for (const st of sf.statements) {
      if (!ts.isInterfaceDeclaration(st)) continue;
      const type = checker.getTypeAtLocation(st.name);
      const av = type.getProperty('apiVersion');
      const k = type.getProperty('kind');
      if (!av || !k) continue;
      const avt = checker.getTypeOfSymbolAtLocation(av, st);
      const kt = checker.getTypeOfSymbolAtLocation(k, st);
      if (!(avt.flags & ts.TypeFlags.StringLiteral) || !(kt.flags & ts.TypeFlags.StringLiteral)) continue;
      kinds.push({ file, apiVersion: avt.value, kind: kt.value, type, decl: st });
    }
  }
  return kinds;
}

function main() {
  const started = process.hrtime.bigint();
  const outDir = path.resolve(process.argv[2] || 'dist/schema');
  const modelsDir = findPackageDir('kubernetes-models');
  const apimachineryDir = findPackageDir('@kubernetes-models/apimachinery');
  const modelsVersion = JSON.parse(fs.readFileSync(path.join(modelsDir, 'package.json'), 'utf8')).version;
  if (modelsVersion !== EXPECTED_MODELS_VERSION) {
    process.stderr.write(`gen-k8s-schema: warning: kubernetes-models ${modelsVersion} installed, ${EXPECTED_MODELS_VERSION} expected\n`);
  }
  const generatedFrom = `kubernetes-models@${modelsVersion}`;

  // Every group/version folder (v1, apps/v1, networking.k8s.io/v1, …): files declaring a kind.
  const rootFiles = [];
  const walkDir = (dir) => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (ent.name === '_schemas' || ent.name === 'node_modules') continue;
      const p = path.join(dir, ent.name);
      if (ent.isDirectory()) walkDir(p);
      else if (ent.name.endsWith('.d.ts') && ent.name !== 'index.d.ts' && dir !== modelsDir) {
        // cheap pre-filter; the type checker confirms below
        if (/^\s*"apiVersion": "[^"]+";/m.test(fs.readFileSync(p, 'utf8'))) rootFiles.push(p);
      }
    }
  };
  walkDir(modelsDir);

  const { program, checker } = declarationProgram(rootFiles);

  const stats = { integer: 0, number: 0, numberNoInfo: [], intOrString: 0, quantity: 0, unresolved: [] };
  const validatorFacts = new Map(); // defName -> facts | null
  const factsFor = (fullName, fromApimachinery) => {
    if (validatorFacts.has(fullName)) return validatorFacts.get(fullName);
    let facts = null;
    for (const dir of fromApimachinery ? [apimachineryDir, modelsDir] : [modelsDir, apimachineryDir]) {
      const f = path.join(dir, '_schemas', fullName + '.js');
      if (fs.existsSync(f)) {
        facts = analyzeValidatorFile(f);
        break;
      }
    }
    validatorFacts.set(fullName, facts);
    return facts;
  };

  const definitions = new Map(); // short name -> schema
  const fullNames = new Map(); // short name -> full name (collision check)
  const inProgress = new Set();

  // kubernetes-models re-exports every interface as IIoK8s<Group><Version><Kind>; the same name
  // (minus the leading I) names its ajv validator file.
  function fullDefName(decl) {
    const sf = decl.getSourceFile();
    const local = decl.name.text;
    for (const st of sf.statements) {
      if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) {
          if ((el.propertyName || el.name).text === local && /^IIoK8s/.test(el.name.text)) return el.name.text.slice(1);
        }
      }
    }
    return undefined;
  }
  function shortDefName(full) {
    return full.replace(/^IoK8s(ApimachineryPkgApis|ApimachineryPkg|Api(?=[A-Z]))?/, '');
  }

  const { doc, inheritedDoc } = docReader(checker);

  // ctx: { full, apimachinery, path } — the definition being generated and the path inside it
  function numberSchema(ctx) {
    const facts = factsFor(ctx.full, ctx.apimachinery);
    const e = facts && facts.get(ctx.path.join('/'));
    if (e && e.types.has('integer') && !e.types.has('number')) {
      stats.integer++;
      return { type: 'integer' };
    }
    if (!e || !e.types.has('number')) stats.numberNoInfo.push(`${ctx.full}.${ctx.path.join('.')}`);
    else stats.number++;
    return { type: 'number' };
  }

  function typeToSchema(type, ctx) {
    const f = type.flags;
    const alias = type.aliasSymbol && type.aliasSymbol.name;
    if (alias === 'IIntOrString') {
      stats.intOrString++;
      return { type: ['integer', 'string'] };
    }
    if (alias === 'IQuantity') {
      stats.quantity++;
      return { type: ['number', 'string'] };
    }
    if (f & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [type.value] };
    if (f & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [type.value] };
    if (f & ts.TypeFlags.String) return { type: 'string' };
    if (f & ts.TypeFlags.Number) return numberSchema(ctx);
    if (f & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' };
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
      if (type.intrinsicName === 'error') stats.unresolved.push(`${ctx.full}.${ctx.path.join('.')}`);
      return {};
    }
    if (type.isUnion()) {
      const parts = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
      if (parts.length === 1) return typeToSchema(parts[0], ctx);
      // sorted: the checker's union order is an artefact of type ids
      if (parts.every((t) => t.flags & ts.TypeFlags.StringLiteral)) return { type: 'string', enum: parts.map((t) => t.value).sort(cmp) };
      if (parts.every((t) => t.flags & (ts.TypeFlags.BooleanLiteral | ts.TypeFlags.Boolean))) return { type: 'boolean' };
      return { anyOf: parts.map((t) => typeToSchema(t, ctx)) };
    }
    if (checker.isArrayType(type)) {
      return { type: 'array', items: typeToSchema(checker.getTypeArguments(type)[0], { ...ctx, path: ctx.path.concat('*') }) };
    }
    const sym = type.getSymbol();
    const decl = sym && sym.declarations && sym.declarations.find((d) => ts.isInterfaceDeclaration(d));
    if (decl) {
      const full = fullDefName(decl);
      if (full) {
        const name = shortDefName(full);
        const prev = fullNames.get(name);
        if (prev && prev !== full) throw new Error(`definition name collision: ${name} = ${prev} and ${full}`);
        fullNames.set(name, full);
        if (!definitions.has(name) && !inProgress.has(name)) {
          inProgress.add(name);
          const apimachinery = decl.getSourceFile().fileName.includes('@kubernetes-models/apimachinery');
          definitions.set(name, objectSchema(type, sym, { full, apimachinery, path: [] }));
          inProgress.delete(name);
        }
        return { $ref: '#/definitions/' + name };
      }
    }
    if (f & ts.TypeFlags.Object) return objectSchema(type, sym && sym.flags & ts.SymbolFlags.TypeLiteral ? undefined : sym, ctx);
    return {};
  }

  // Interfaces the package declares empty ({}): what they really hold.
  function emptyInterfaceSchema(ctx) {
    const n = ctx.full;
    if (/V1(beta1)?JSON$/.test(n)) return {}; // any JSON value
    if (/JSONSchemaPropsOrBool$/.test(n)) return { type: ['object', 'boolean'] };
    if (/JSONSchemaPropsOrArray$/.test(n)) return { type: ['object', 'array'] };
    if (/JSONSchemaPropsOrStringArray$/.test(n)) return { type: ['object', 'array'] };
    const facts = factsFor(ctx.full, ctx.apimachinery);
    const e = facts && facts.get('');
    if (e && e.types.size === 1) return { type: [...e.types][0] };
    return {};
  }

  function objectSchema(type, sym, ctx) {
    const out = {};
    const d = doc(sym);
    if (d) out.description = d;
    const propsOfType = checker.getPropertiesOfType(type);
    const strIndex = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (!propsOfType.length) {
      if (strIndex) {
        out.type = 'object';
        out.additionalProperties = typeToSchema(strIndex.type, { ...ctx, path: ctx.path.concat('*') });
        return out;
      }
      return Object.assign(out, ctx.path.length === 0 ? emptyInterfaceSchema(ctx) : { type: 'object' });
    }
    out.type = 'object';
    const props = {};
    const required = [];
    for (const p of propsOfType) {
      const decl = p.valueDeclaration || (p.declarations && p.declarations[0]);
      const pt = checker.getTypeOfSymbolAtLocation(p, decl);
      let s = typeToSchema(pt, { ...ctx, path: ctx.path.concat(p.name) });
      const pd = doc(p) || inheritedDoc(type, p.name);
      if (pd) s = s.$ref ? { description: pd, allOf: [s] } : { description: pd, ...s };
      props[p.name] = s;
      if (!(p.flags & ts.SymbolFlags.Optional)) required.push(p.name);
    }
    out.properties = props;
    if (required.length) out.required = required;
    out.additionalProperties = strIndex ? typeToSchema(strIndex.type, { ...ctx, path: ctx.path.concat('*') }) : false;
    return out;
  }

  const kinds = literalKinds(program, checker, rootFiles);
  kinds.sort((a, b) => cmp(a.apiVersion + '/' + a.kind, b.apiVersion + '/' + b.kind));

  const index = { generatedFrom, definitions: DEFINITIONS_FILE, kinds: {} };
  const files = new Map(); // file name -> JSON text
  const shared = new Set(); // names of the definitions some kind reaches
  for (const k of kinds) {
    const key = `${k.apiVersion}/${k.kind}`;
    if (index.kinds[key]) throw new Error(`duplicate kind ${key}`);
    const ref = typeToSchema(k.type, { full: '', apimachinery: false, path: [] });
    if (!ref.$ref) throw new Error(`kind ${key} is not a named interface`);
    const rootName = ref.$ref.slice('#/definitions/'.length);
    const root = definitions.get(rootName);
    // apiVersion and kind are literal types, so already pinned by enum; make sure.
    if (!root.properties.apiVersion || root.properties.apiVersion.enum?.[0] !== k.apiVersion || root.properties.kind.enum?.[0] !== k.kind) {
      throw new Error(`kind ${key}: apiVersion/kind not pinned`);
    }
    if (!root.properties.apiVersion.description) throw new Error(`kind ${key}: TypeMeta not resolved (module resolution?)`);
    // The root inline; the definitions it reaches live once, shared by every kind, in
    // definitions.json (a .vsix compresses file by file: repeating them per kind costs megabytes).
    const collect = (node) => {
      if (Array.isArray(node)) return node.forEach(collect);
      if (!node || typeof node !== 'object') return;
      for (const [key2, v] of Object.entries(node)) {
        if (key2 === '$ref' && typeof v === 'string') {
          const n = v.slice('#/definitions/'.length);
          if (!shared.has(n)) {
            shared.add(n);
            collect(definitions.get(n));
          }
        } else collect(v);
      }
    };
    collect(root);
    const schema = {
      $schema: DRAFT_07,
      $comment: `${key}: generated from ${generatedFrom} (Kubernetes API descriptions: The Kubernetes Authors, Apache-2.0). Definitions: ${DEFINITIONS_FILE}. Do not edit.`,
      ...root,
    };
    const file = `${k.apiVersion.replace(/\//g, '_')}_${k.kind}.json`;
    if (files.has(file)) throw new Error(`file name collision: ${file}`);
    files.set(file, JSON.stringify(schema));
    index.kinds[key] = file;
  }

  // Version facts from older packages; adds the 1.37 alpha fields to their definitions.
  const versions = fieldVersions(definitions, findPackageDir, shortDefName);
  files.set(VERSIONS_FILE, JSON.stringify(versions));
  index.versions = VERSIONS_FILE;

  const defs = {};
  for (const n of [...shared].sort(cmp)) defs[n] = definitions.get(n);
  files.set(
    DEFINITIONS_FILE,
    JSON.stringify({
      $comment: `Definitions shared by every kind's schema, generated from ${generatedFrom} (Kubernetes API descriptions: The Kubernetes Authors, Apache-2.0). Do not edit.`,
      definitions: defs,
    }),
  );

  if (stats.unresolved.length) {
    throw new Error(`unresolved types (module resolution?): ${stats.unresolved.slice(0, 5).join(', ')}`);
  }

  // Write: drop the files of a previous run first, so removed kinds do not linger.
  fs.mkdirSync(outDir, { recursive: true });
  const indexPath = path.join(outDir, 'index.json');
  if (fs.existsSync(indexPath)) {
    try {
      const old = JSON.parse(fs.readFileSync(indexPath, 'utf8'));
      if (old && typeof old.generatedFrom === 'string' && old.generatedFrom.startsWith('kubernetes-models@') && old.kinds) {
        for (const f of Object.values(old.kinds)) {
          if (typeof f === 'string' && /^[\w.-]+\.json$/.test(f) && !files.has(f)) fs.rmSync(path.join(outDir, f), { force: true });
        }
      }
    } catch {
      /* not ours: leave it */
    }
  }
  let bytes = 0;
  for (const [file, text] of files) {
    fs.writeFileSync(path.join(outDir, file), text);
    bytes += Buffer.byteLength(text);
  }
  const indexText = JSON.stringify(index, null, 1) + '\n';
  fs.writeFileSync(indexPath, indexText);
  bytes += Buffer.byteLength(indexText);

  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(
    `gen-k8s-schema: ${kinds.length} kinds, ${files.size + 1} files, ${(bytes / 1024).toFixed(0)} KiB in ${path.relative(process.cwd(), outDir) || '.'} ` +
      `from ${generatedFrom} (${definitions.size} definitions; ${stats.integer} integer, ${stats.number} number, ` +
      `${stats.intOrString} int-or-string, ${stats.quantity} quantity fields; ${(ms / 1000).toFixed(1)} s)`,
  );
  if (stats.numberNoInfo.length) {
    process.stderr.write(
      `gen-k8s-schema: note: no integer/number info for ${stats.numberNoInfo.length} number field(s), kept as number: ${stats.numberNoInfo.join(', ')}\n`,
    );
  }
  if (process.env.GEN_K8S_SCHEMA_DEBUG) {
    process.stderr.write(JSON.stringify({ rootFiles: rootFiles.length, programFiles: program.getSourceFiles().length }) + '\n');
  }
}

function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

module.exports = { findPackageDir, analyzeValidatorFile, declarationProgram, docReader, literalKinds };

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`gen-k8s-schema: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 1;
  }
}
