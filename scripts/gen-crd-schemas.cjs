#!/usr/bin/env node
// Build-time generator: the structural schemas (the form of a CRD's
// `spec.versions[].schema.openAPIV3Schema`) of popular custom resources, from the
// `@kubernetes-models/*` packages pinned in devDependencies.
//
//   node scripts/gen-crd-schemas.cjs <outDir>      (npm run build: dist/schema/crds)
//
// What the packages ship (read with `npm pack`): TypeScript declarations with the descriptions as
// JSDoc, and compiled ajv validators (`_schemas/*.js`); no JSON Schema, no CRD. All but Istio are
// generated from the projects' Go API types (their package.json `go-generate.input`), Istio from
// its CRD YAML (`crd-generate`). So, as scripts/gen-k8s-schema.cjs does for the core API, the
// declarations are read with the TypeScript compiler API and integer-ness comes from the
// validators. What the types lost is decided conservatively, so that no valid resource gets a
// false "unknown field" or "wrong type":
//   - `number | string` (IntOrString, Quantity, a CRD's int-or-string) -> x-kubernetes-int-or-string;
//   - `any`, `unknown`, an empty interface or `{}` (RawExtension, apiextensions JSON, a Go
//     `interface{}` or an empty struct, a CRD's preserve-unknown-fields object) ->
//     x-kubernetes-preserve-unknown-fields with no type;
//   - an object with both properties and an index signature, a union the schema cannot say ->
//     x-kubernetes-preserve-unknown-fields;
//   - a number the validators do not call an integer stays `number` (accepts integers too);
//   - Istio's oneOf constraints (intersections with `Exclude<…>`) are dropped: the base object is kept;
//   - Kubernetes' own enums (`+enum` on core types, inlined by the packages) are dropped: controller-gen
//     does not emit them, so the CRDs accept any string there;
//   - a kind's apiVersion and kind (at the root or embedded) are optional plain strings, metadata
//     and status are never required at the root;
//   - Knative's CRDs are not generated from its Go types, External Secrets' package is a year of
//     releases behind: those families are marked open (every object keeps unknown fields, nothing
//     is required, no enum), applied by the loader;
//   - where a project's CRDs differ from its Go types (Argo Workflows), the family lists fixes;
//   - CEL rules, patterns, minimum/maximum and lengths are not in the packages, so not in the output.
// Checked against the real CRDs in the corpus (test/src/schema/bundledCrds.corpus.test.ts) and
// against the projects' released CRDs (docs/custom-resources.md).
//
// Output (JSON, no whitespace): one file per family (`<family>.json`: its kinds' root schemas and
// the definitions they reach, by `$ref`), `core.json` (the Kubernetes and apimachinery
// definitions the families share: PodSpec, ObjectMeta, …), and `index.json` (kind -> family
// file, the package and version of each family). References are `{"$ref": "<file>#<name>"}`,
// resolved into plain nested schemas by server/src/schema/bundledCrds.ts when a kind is first
// looked up (a recursive type is cut there with preserve-unknown-fields, as CRDs do).
'use strict';

const fs = require('fs');
const path = require('path');
const ts = require('typescript');
const { findPackageDir, analyzeValidatorFile, declarationProgram, docReader, literalKinds } = require('./gen-k8s-schema.cjs');

/** The families bundled: package, expected version, output file (family id), display name. */
const FAMILIES = [
  { pkg: '@kubernetes-models/argo-cd', version: '4.0.0', id: 'argo-cd', title: 'Argo CD' },
  { pkg: '@kubernetes-models/argo-rollouts', version: '2.0.0', id: 'argo-rollouts', title: 'Argo Rollouts' },
  {
    pkg: '@kubernetes-models/argo-workflows',
    version: '2.0.0',
    id: 'argo-workflows',
    title: 'Argo Workflows',
    // Where Argo's CRDs differ from its Go types (compared with the v4.0 CRDs): see applyFixes.
    fixes: {
      // "There isn't actually a "steps" key in the JSON serialization; this is an anonymous list."
      anonymousList: ['ComGithubArgoprojArgoWorkflowsV4PkgApisWorkflowV1alpha1ParallelSteps'],
      // A template's container or script needs no name (Argo names it "main").
      optional: [
        ['ComGithubArgoprojArgoWorkflowsV4PkgApisWorkflowV1alpha1Template', 'container', 'name'],
        ['ComGithubArgoprojArgoWorkflowsV4PkgApisWorkflowV1alpha1ScriptTemplate', undefined, 'name'],
      ],
      preserve: [['ComGithubArgoprojArgoWorkflowsV4PkgApisWorkflowV1alpha1WorkflowStatus', 'storedWorkflowTemplateSpec']],
    },
  },
  { pkg: '@kubernetes-models/cert-manager', version: '6.0.0', id: 'cert-manager', title: 'cert-manager' },
  // Generated from External Secrets v0.16 (its CRDs match v0.16.2's exactly); releases since (v2.9
  // by 2026) added many fields and enum values: open.
  { pkg: '@kubernetes-models/external-secrets', version: '2.0.0', id: 'external-secrets', title: 'External Secrets', open: true },
  { pkg: '@kubernetes-models/gateway-api', version: '2.0.0', id: 'gateway-api', title: 'Gateway API' },
  { pkg: '@kubernetes-models/istio', version: '3.0.1', id: 'istio', title: 'Istio' },
  { pkg: '@kubernetes-models/keda', version: '2.0.0', id: 'keda', title: 'KEDA' },
  // Knative's CRD schemas are not generated from its Go types (its 1.21 InMemoryChannel CRD has
  // fields the types lack and no required lists): open. The index says so, and the loader gives
  // every object of its kinds (the Kubernetes types they embed too) x-kubernetes-preserve-unknown-fields,
  // no required fields and no enums.
  { pkg: '@kubernetes-models/knative', version: '4.0.0', id: 'knative', title: 'Knative', open: true },
  { pkg: '@kubernetes-models/prometheus-operator', version: '6.0.0', id: 'prometheus-operator', title: 'Prometheus Operator' },
];
/**
 * Go types with a TypeMeta that are not custom resources (duck types, embedded objects): no CRD
 * serves them, so no schema is bundled for them.
 */
const NOT_CUSTOM_RESOURCES = new Set([
  'autoscaling.internal.knative.dev/v1alpha1/PodScalable',
  'eventing.knative.dev/v1alpha1/EventPolicySelector',
  'messaging.knative.dev/v1/ChannelTemplateSpec',
  'keda.sh/v1alpha1/WithTriggers',
  'monitoring.coreos.com/v1/EmbeddedPersistentVolumeClaim',
]);
/** Definitions of these packages go to core.json, shared by every family. */
const CORE_PACKAGES = ['kubernetes-models', '@kubernetes-models/apimachinery'];
const CORE = 'core';
const PRESERVE = 'x-kubernetes-preserve-unknown-fields';
const INT_OR_STRING = 'x-kubernetes-int-or-string';

function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The value sets of the string enums in the core packages' declarations ("a|b|c", sorted): the
 * go-generated packages inline a Kubernetes enum type into the field that uses it.
 */
function coreEnumSets(dirs) {
  const sets = new Set();
  const walk = (dir) => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, ent.name);
      if (ent.isDirectory()) {
        if (ent.name !== 'node_modules' && ent.name !== '_schemas') walk(p);
      } else if (ent.name.endsWith('.d.ts')) {
        for (const m of fs.readFileSync(p, 'utf8').matchAll(/"[^"\n]*"(?:\s*\|\s*"[^"\n]*")+/g)) {
          sets.add(
            m[0]
              .split('|')
              .map((v) => JSON.parse(v.trim()))
              .sort(cmp)
              .join('|'),
          );
        }
      }
    }
  };
  dirs.forEach(walk);
  return sets;
}

/** A family's corrections where its CRDs differ from the types its package was generated from. */
function applyFixes(fam, defsByKey) {
  const defs = defsByKey.get(fam.id);
  const def = (name) => {
    const d = defs && defs.get(name);
    if (!d || !d.properties) throw new Error(`${fam.pkg}: fix for ${name}, which is not an object definition (package changed?)`);
    return d;
  };
  for (const name of fam.fixes.anonymousList || []) {
    const d = def(name);
    const only = Object.values(d.properties);
    if (only.length !== 1 || only[0].type !== 'array') throw new Error(`${fam.pkg}: ${name} is not a one-list wrapper`);
    defs.set(name, { ...(d.description ? { description: d.description } : {}), type: 'array', items: only[0].items });
  }
  for (const [name, prop, field] of fam.fixes.optional || []) {
    const d = def(name);
    if (!prop) {
      d.required = (d.required || []).filter((r) => r !== field);
      if (!d.required.length) delete d.required;
      continue;
    }
    const p = d.properties[prop];
    if (!p || typeof p.$ref !== 'string') throw new Error(`${fam.pkg}: ${name}.${prop} is not a reference`);
    const [key, target] = p.$ref.split('#');
    const t = defsByKey.get(key).get(target);
    const copy = `${key}.${target}.optional-${field}`;
    const required = (t.required || []).filter((r) => r !== field);
    const { required: _all, ...rest } = t;
    defs.set(copy, required.length ? { ...rest, required } : rest);
    d.properties[prop] = { ...p, $ref: `${fam.id}#${copy}` };
  }
  for (const [name, prop] of fam.fixes.preserve || []) {
    const d = def(name);
    if (!d.properties[prop]) throw new Error(`${fam.pkg}: ${name} has no ${prop}`);
    const description = d.properties[prop].description;
    d.properties[prop] = { ...(description ? { description } : {}), [PRESERVE]: true };
  }
}

function main() {
  const started = process.hrtime.bigint();
  const outDir = path.resolve(process.argv[2] || 'dist/schema/crds');

  /** Package root folder (real path) -> file key (family id or "core"). */
  const pkgKeys = new Map();
  const families = FAMILIES.map((f) => {
    const dir = fs.realpathSync(findPackageDir(f.pkg));
    const version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
    if (version !== f.version) process.stderr.write(`gen-crd-schemas: warning: ${f.pkg} ${version} installed, ${f.version} expected\n`);
    pkgKeys.set(dir, f.id);
    return { ...f, dir, version, source: `${f.pkg} ${version}` };
  });
  for (const p of CORE_PACKAGES) pkgKeys.set(fs.realpathSync(findPackageDir(p)), CORE);
  const coreEnums = coreEnumSets(CORE_PACKAGES.map(findPackageDir));

  // Kind files: declarations with a literal apiVersion, in the group folders of each family.
  const rootFiles = [];
  const familyOfRoot = new Map();
  for (const fam of families) {
    const walkDir = (dir) => {
      for (const ent of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => cmp(a.name, b.name))) {
        if (ent.name === '_schemas' || ent.name === 'node_modules') continue;
        const p = path.join(dir, ent.name);
        if (ent.isDirectory()) walkDir(p);
        else if (ent.name.endsWith('.d.ts') && ent.name !== 'index.d.ts' && dir !== fam.dir) {
          if (/^\s*"apiVersion": "[^"]+";/m.test(fs.readFileSync(p, 'utf8'))) {
            rootFiles.push(p);
            familyOfRoot.set(p, fam);
          }
        }
      }
    };
    walkDir(fam.dir);
  }

  const { program, checker } = declarationProgram(rootFiles);

  // Which package (file key and folder) a declaration file belongs to.
  const pkgOfFileCache = new Map();
  function pkgOfFile(fileName) {
    if (pkgOfFileCache.has(fileName)) return pkgOfFileCache.get(fileName);
    let dir = path.dirname(fs.realpathSync(fileName));
    let found;
    for (;;) {
      if (pkgKeys.has(dir)) {
        found = { key: pkgKeys.get(dir), dir };
        break;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    pkgOfFileCache.set(fileName, found);
    return found;
  }

  // Integer facts: the validator a declaration file's sibling .js imports, or, for a type alias
  // without one, the validator named after its long name (`_schemas/<name>.js`).
  const factsCache = new Map();
  function factsOf(declFile, longName) {
    const key = declFile + '#' + (longName || '');
    if (factsCache.has(key)) return factsCache.get(key);
    let target;
    const js = declFile.replace(/\.d\.ts$/, '.js');
    const m = fs.existsSync(js) && /import\s*\{\s*validate\s*\}\s*from\s*"([^"]+)"/.exec(fs.readFileSync(js, 'utf8'));
    if (m) target = path.resolve(path.dirname(js), m[1]);
    else if (longName) target = path.join(pkgOfFile(declFile)?.dir || '', '_schemas', longName + '.js');
    const facts = target && fs.existsSync(target) ? validatorFacts(target, 0) : null;
    factsCache.set(key, facts);
    return facts;
  }
  /**
   * analyzeValidatorFile's facts, plus those of the validators it applies to its whole value from
   * other files (an `allOf` over a base type: HTTPBackendRef is BackendRef plus `filters`).
   */
  function validatorFacts(file, depth) {
    const facts = analyzeValidatorFile(file);
    if (depth > 4) return facts;
    const text = fs.readFileSync(file, 'utf8');
    // A function's text (ajv declares every function at the top level, one after another).
    const bodyOf = (name) => {
      const start = text.indexOf(`function ${name}(`);
      if (start < 0) return '';
      const next = text.indexOf('function validate', start + 1);
      return text.slice(start, next < 0 ? undefined : next);
    };
    // The functions applied to the whole value: the entry and those it calls on `data` itself.
    const entry = /export const validate\s*=\s*(validate\d+)/.exec(text);
    const whole = new Set(entry ? [entry[1]] : []);
    for (const name of whole) for (const c of bodyOf(name).matchAll(/(validate\d+)\(data,\{instancePath,/g)) whole.add(c[1]);
    for (const imp of text.matchAll(/import\s*\{\s*validate as (validate\d+)\s*\}\s*from\s*"([^"]+)"/g)) {
      if (!whole.has(imp[1])) continue;
      const base = path.resolve(path.dirname(file), imp[2]);
      if (!fs.existsSync(base)) continue;
      for (const [p, e] of validatorFacts(base, depth + 1)) if (!facts.has(p)) facts.set(p, e);
    }
    return facts;
  }

  const stats = { integer: 0, number: 0, intOrString: 0, preserve: 0, unresolved: [] };
  /** file key -> Map(def name -> schema) */
  const defsByKey = new Map();
  const defNameOfDecl = new Map(); // declaration -> "<key>#<name>"
  const inProgress = new Set();

  const { doc, inheritedDoc } = docReader(checker);

  /** The package's exported long name of an interface (IComGithub…Certificate -> ComGithub…Certificate). */
  function defName(decl, pkg) {
    const sf = decl.getSourceFile();
    const local = decl.name.text;
    for (const st of sf.statements) {
      if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) {
          if ((el.propertyName || el.name).text === local && el.name.text !== local && /^I[A-Z]/.test(el.name.text)) return el.name.text.slice(1);
        }
      }
    }
    // No long alias (crd-generate packages): the file path inside the package names it.
    return (
      path
        .relative(pkg.dir, fs.realpathSync(sf.fileName))
        .replace(/\.d\.ts$/, '')
        .replace(/[\\/]/g, '.') +
      '.' +
      local
    );
  }

  function preserve(description) {
    stats.preserve++;
    return description ? { description, [PRESERVE]: true } : { [PRESERVE]: true };
  }

  /** The declaration of the type alias a property's type node names (`"port"?: IPortNumber`). */
  function numberAliasDecl(node) {
    if (!node || !ts.isTypeReferenceNode(node)) return undefined;
    let sym = checker.getSymbolAtLocation(node.typeName);
    if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    return sym && sym.flags & ts.SymbolFlags.TypeAlias && sym.declarations ? sym.declarations[0] : undefined;
  }

  function numberSchema(type, ctx) {
    const facts = ctx.declFile && factsOf(ctx.declFile);
    let e = facts && facts.get(ctx.path.join('/'));
    // A named number type (Gateway API's PortNumber) has its own validator file.
    const aliasDecl = !e && numberAliasDecl(ctx.typeNode);
    if (aliasDecl) {
      const pkg = pkgOfFile(aliasDecl.getSourceFile().fileName);
      const aliasFacts = pkg && factsOf(fs.realpathSync(aliasDecl.getSourceFile().fileName), defName(aliasDecl, pkg));
      e = aliasFacts && aliasFacts.get('');
    }
    if (e && e.types.has('integer') && !e.types.has('number')) {
      stats.integer++;
      const s = { type: 'integer' };
      if (e.formats.size === 1) s.format = [...e.formats][0];
      return s;
    }
    stats.number++;
    return { type: 'number' };
  }

  function typeToSchema(type, ctx) {
    const f = type.flags;
    // Kubernetes' own enums (`+enum`, kept by kubernetes-models) are not in CRDs: controller-gen
    // does not emit them, so a CRD embedding a core type (a PodSpec) accepts any string there.
    if (f & ts.TypeFlags.StringLiteral) return ctx.core ? { type: 'string' } : { type: 'string', enum: [type.value] };
    if (f & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [type.value] };
    if (f & ts.TypeFlags.String) return { type: 'string' };
    if (f & ts.TypeFlags.Number) return numberSchema(type, ctx);
    if (f & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' };
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
      if (type.intrinsicName === 'error') stats.unresolved.push(`${ctx.where}.${ctx.path.join('.')}`);
      return preserve();
    }
    if (type.isUnion()) {
      const parts = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Never)));
      if (parts.length === 1) return typeToSchema(parts[0], ctx);
      if (parts.length === 0) return preserve();
      if (parts.every((t) => t.flags & ts.TypeFlags.StringLiteral)) {
        const values = parts.map((t) => t.value).sort(cmp);
        // also a core enum the package inlined into the family's own type (cert-manager's `serviceType`)
        return ctx.core || coreEnums.has(values.join('|')) ? { type: 'string' } : { type: 'string', enum: values };
      }
      if (parts.every((t) => t.flags & (ts.TypeFlags.BooleanLiteral | ts.TypeFlags.Boolean))) return { type: 'boolean' };
      if (parts.every((t) => t.flags & ts.TypeFlags.NumberLiteral)) {
        const values = parts.map((t) => t.value).sort((a, b) => a - b);
        return { type: values.every(Number.isInteger) ? 'integer' : 'number', enum: values };
      }
      const isNum = (t) => t.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral);
      const isStr = (t) => t.flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral);
      if (parts.every((t) => isNum(t) || isStr(t)) && parts.some(isNum) && parts.some(isStr)) {
        stats.intOrString++;
        return { [INT_OR_STRING]: true };
      }
      // Object variants of one shape (Istio's oneOf, `Base & (Exclude<…> | …)` distributed into a
      // union of intersections): the base object, the one with the most properties.
      const objects = parts.map(baseObject);
      if (objects.every((t) => t && t.flags & ts.TypeFlags.Object && !checker.isArrayType(t))) return typeToSchema(widest(objects), ctx);
      return preserve();
    }
    if (type.isIntersection()) {
      // Istio: `Base & (Exclude<Base, …> | …)` encodes a oneOf over Base's properties: keep Base.
      const base = baseObject(type);
      return base ? typeToSchema(base, ctx) : preserve();
    }
    if (checker.isArrayType(type)) {
      const node = ctx.typeNode;
      const element =
        node && ts.isTypeReferenceNode(node) && node.typeArguments && node.typeArguments.length === 1
          ? node.typeArguments[0]
          : node && ts.isArrayTypeNode(node)
            ? node.elementType
            : undefined;
      return { type: 'array', items: typeToSchema(checker.getTypeArguments(type)[0], { ...ctx, path: ctx.path.concat('*'), typeNode: element }) };
    }
    const sym = type.getSymbol();
    const decl = sym && sym.declarations && sym.declarations.find((d) => ts.isInterfaceDeclaration(d));
    if (decl) {
      const pkg = pkgOfFile(decl.getSourceFile().fileName);
      if (pkg) {
        let ref = defNameOfDecl.get(decl);
        if (!ref) {
          const name = defName(decl, pkg);
          ref = `${pkg.key}#${name}`;
          defNameOfDecl.set(decl, ref);
          if (!defsByKey.has(pkg.key)) defsByKey.set(pkg.key, new Map());
          const defs = defsByKey.get(pkg.key);
          if (defs.has(name)) throw new Error(`definition name collision: ${ref}`);
          defs.set(name, undefined); // reserved: recursion refers to it by $ref
          inProgress.add(ref);
          const declFile = fs.realpathSync(decl.getSourceFile().fileName);
          defs.set(name, objectSchema(type, sym, { declFile, where: ref, path: [], core: pkg.key === CORE }));
          inProgress.delete(ref);
        }
        return { $ref: ref };
      }
    }
    if (f & ts.TypeFlags.Object) return objectSchema(type, sym && sym.flags & ts.SymbolFlags.TypeLiteral ? undefined : sym, ctx);
    return preserve();
  }

  function widest(types) {
    return types.reduce((a, b) => (checker.getPropertiesOfType(b).length > checker.getPropertiesOfType(a).length ? b : a));
  }
  /** An intersection's widest object member (undefined if it has none); any other type itself. */
  function baseObject(type) {
    if (!type.isIntersection()) return type;
    const objects = type.types.filter((t) => t.flags & ts.TypeFlags.Object);
    return objects.length ? widest(objects) : undefined;
  }

  function objectSchema(type, sym, ctx) {
    const d = doc(sym);
    const propsOfType = checker.getPropertiesOfType(type);
    const strIndex = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (!propsOfType.length && !strIndex) return preserve(d); // {} / an empty interface: any value
    const out = {};
    if (d) out.description = d;
    out.type = 'object';
    if (!propsOfType.length) {
      const v = typeToSchema(strIndex.type, { ...ctx, path: ctx.path.concat('*'), typeNode: undefined });
      if (v[PRESERVE] && Object.keys(v).length === 1) out[PRESERVE] = true;
      else out.additionalProperties = v;
      return out;
    }
    const props = {};
    const required = [];
    for (const p of propsOfType) {
      const pdecl = p.valueDeclaration || (p.declarations && p.declarations[0]);
      const pt = checker.getTypeOfSymbolAtLocation(p, pdecl);
      let s = typeToSchema(pt, { ...ctx, path: ctx.path.concat(p.name), typeNode: pdecl && pdecl.type });
      // A kind's own apiVersion and kind (at the root, or embedded: Prometheus' volumeClaimTemplate,
      // a PersistentVolumeClaim template) are plain optional strings in a CRD.
      const typeMeta = (p.name === 'apiVersion' || p.name === 'kind') && !!(pt.flags & ts.TypeFlags.StringLiteral);
      if (typeMeta) s = { type: 'string' };
      const pd = doc(p) || inheritedDoc(type, p.name);
      if (pd) s = { description: pd, ...s };
      props[p.name] = s;
      if (!(p.flags & ts.SymbolFlags.Optional) && !typeMeta) required.push(p.name);
    }
    out.properties = props;
    if (required.length) out.required = required;
    // A structural schema cannot have both properties and additionalProperties.
    if (strIndex) out[PRESERVE] = true;
    return out;
  }

  // Kinds: interfaces with literal apiVersion and kind; List kinds are not custom resources.
  const kinds = [];
  for (const { file, apiVersion, kind, type } of literalKinds(program, checker, rootFiles)) {
    if (/List$/.test(kind) && type.getProperty('items')) continue;
    const slash = apiVersion.lastIndexOf('/');
    if (slash < 0) continue; // core group: not a custom resource
    if (NOT_CUSTOM_RESOURCES.has(`${apiVersion}/${kind}`)) continue;
    kinds.push({ group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind, type, fam: familyOfRoot.get(file) });
  }
  kinds.sort((a, b) => cmp(`${a.group}/${a.version}/${a.kind}`, `${b.group}/${b.version}/${b.kind}`));

  // Every definition first, then the families' fixes, then the roots.
  const seenKinds = new Set();
  for (const k of kinds) {
    k.key = `${k.group}/${k.version}/${k.kind}`;
    if (seenKinds.has(k.key)) throw new Error(`kind ${k.key} declared twice`);
    seenKinds.add(k.key);
    k.ref = typeToSchema(k.type, { where: k.key, path: [] });
    if (!k.ref.$ref) throw new Error(`kind ${k.key} is not a named interface`);
  }
  if (stats.unresolved.length) throw new Error(`unresolved types (module resolution?): ${stats.unresolved.slice(0, 5).join(', ')}`);
  for (const fam of families) if (fam.fixes) applyFixes(fam, defsByKey);

  const index = { families: {}, kinds: [] };
  const kindsByFamily = new Map();
  for (const k of kinds) {
    const key = k.key;
    const [refKey, refName] = k.ref.$ref.split('#');
    const root = { ...defsByKey.get(refKey).get(refName) };
    if (!root.properties) throw new Error(`kind ${key} has no properties`);
    // As in a CRD: neither metadata (the API server checks it) nor status (written by the
    // controller) is required, whatever the Go field's omitempty said.
    root.required = (root.required || []).filter((r) => r !== 'metadata' && r !== 'status');
    if (!root.required.length) delete root.required;
    if (!kindsByFamily.has(k.fam.id)) kindsByFamily.set(k.fam.id, {});
    kindsByFamily.get(k.fam.id)[key] = root;
    index.kinds.push({ group: k.group, version: k.version, kind: k.kind, family: k.fam.id });
  }

  // Only what some kind reaches is written.
  const reached = new Set();
  const collect = (node) => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        if (!reached.has(v)) {
          reached.add(v);
          const [key, name] = v.split('#');
          collect(defsByKey.get(key).get(name));
        }
      } else collect(v);
    }
  };
  for (const roots of kindsByFamily.values()) collect(roots);

  const files = new Map();
  const defsOut = (key) => {
    const out = {};
    const defs = defsByKey.get(key) || new Map();
    for (const name of [...defs.keys()].sort(cmp)) if (reached.has(`${key}#${name}`)) out[name] = defs.get(name);
    return out;
  };
  for (const fam of families) {
    const roots = kindsByFamily.get(fam.id);
    if (!roots) throw new Error(`${fam.pkg}: no kinds found`);
    index.families[fam.id] = { title: fam.title, source: fam.source, file: `${fam.id}.json`, ...(fam.open ? { open: true } : {}) };
    files.set(
      `${fam.id}.json`,
      JSON.stringify({
        $comment: `Structural schemas generated from ${fam.source} (descriptions: The ${fam.title} Authors, Apache-2.0; see NOTICE). Do not edit.`,
        source: fam.source,
        kinds: roots,
        definitions: defsOut(fam.id),
      }),
    );
  }
  files.set(
    `${CORE}.json`,
    JSON.stringify({
      $comment:
        'Kubernetes definitions shared by the bundled custom resource schemas, generated from kubernetes-models and @kubernetes-models/apimachinery (Kubernetes API descriptions: The Kubernetes Authors, Apache-2.0). Do not edit.',
      definitions: defsOut(CORE),
    }),
  );

  // Drop the family files of a previous run (a family removed must not linger); nothing else.
  fs.mkdirSync(outDir, { recursive: true });
  for (const f of fs.readdirSync(outDir)) if (f.endsWith('.json') && !files.has(f)) fs.rmSync(path.join(outDir, f));
  const sizes = {};
  for (const [file, text] of files) {
    fs.writeFileSync(path.join(outDir, file), text);
    sizes[file] = Buffer.byteLength(text);
  }
  const indexText = JSON.stringify(index, null, 1) + '\n';
  fs.writeFileSync(path.join(outDir, 'index.json'), indexText);

  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const total = Object.values(sizes).reduce((a, b) => a + b, Buffer.byteLength(indexText));
  console.log(
    `gen-crd-schemas: ${index.kinds.length} kinds in ${families.length} families, ${(total / 1024).toFixed(0)} KiB in ${path.relative(process.cwd(), outDir) || '.'} ` +
      `(${stats.integer} integer, ${stats.number} number, ${stats.intOrString} int-or-string, ${stats.preserve} preserve-unknown-fields; ${(ms / 1000).toFixed(1)} s)`,
  );
  if (process.env.GEN_CRD_SCHEMAS_DEBUG) {
    for (const [file, n] of Object.entries(sizes)) process.stderr.write(`  ${file}: ${(n / 1024).toFixed(0)} KiB\n`);
  }
}

try {
  main();
} catch (e) {
  process.stderr.write(`gen-crd-schemas: ${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 1;
}
