// Build-time helper of gen-k8s-schema.cjs: in which Kubernetes versions each field exists.
//
// The schema initlens ships is the newest one (kubernetes-models 5.1.0). Older API servers lack
// some of its fields and reject them as unknown; this module compares the newest definitions
// with the field sets of older npm packages, installed as exact-pinned devDependencies under
// aliases. Which package release carries which Kubernetes version (read from each package's own
// changelog, and checked against marker fields, see MARKERS):
//
//   kubernetes-types@1.29.0   Kubernetes 1.29  (alias kubernetes-types-1.29; the version is the Kubernetes version)
//   kubernetes-types@1.30.0   Kubernetes 1.30  (alias kubernetes-types-1.30)
//   kubernetes-models@4.5.1   Kubernetes 1.33.0 (alias kubernetes-models-1.33; changelog 4.5.0 "Update schema
//                             version to v1.33.0"; its README badge still says 1.27.1)
//   kubernetes-models@5.1.0   Kubernetes 1.36.0 (the shipped schema; changelog 5.0.0 "Update to Kubernetes v1.36.0")
//
// No npm release of either package carries 1.31, 1.32, 1.34, 1.35 or 1.37 (kubernetes-models
// 4.3.x-4.4.x are 1.27.1, older than every target this table serves). A field missing from one
// package and present in the next is known to appear somewhere in between: the table keeps that
// interval, narrowed to the exact release where the ground truth (kubernetes-init-containers.md
// §6, the feature-gate table) names it (EXACT_SINCE). The 1.37 alpha fields of §6.8/§6.6 are in
// no package: ALPHA_137 adds them to the newest schema as known fields that exist from 1.37.
//
// Output (versions.json next to index.json):
//   { newest: "1.36", sources: [...], fields: { <definition>: { <property>: "1.34" | ["1.33", "1.36"] } } }
// "1.34": the field exists from 1.34. ["1.33", "1.36"]: absent in 1.33, present in 1.36.
// Only fields that some source lacks are listed; everything else exists at every version served.
'use strict';

const fs = require('fs');
const path = require('path');

const SOURCES = [
  { alias: 'kubernetes-types-1.29', package: 'kubernetes-types@1.29.0', kubernetes: '1.29', format: 'types' },
  { alias: 'kubernetes-types-1.30', package: 'kubernetes-types@1.30.0', kubernetes: '1.30', format: 'types' },
  { alias: 'kubernetes-models-1.33', package: 'kubernetes-models@4.5.1', kubernetes: '1.33', format: 'models' },
];
const NEWEST = '1.36';

/** Fields whose first release the ground truth names (§6.0 gate table; a field exists from its alpha). */
const EXACT_SINCE = {
  CoreV1Volume: { image: '1.31' }, // ImageVolume alpha 1.31
  CoreV1PodSpec: { resources: '1.32' }, // PodLevelResources alpha 1.32
  CoreV1Lifecycle: { stopSignal: '1.33' }, // ContainerStopSignals alpha 1.33
  CoreV1Container: { restartPolicyRules: '1.34' }, // ContainerRestartRules alpha 1.34
  CoreV1EphemeralContainer: { restartPolicyRules: '1.34' },
  CoreV1EnvVarSource: { fileKeyRef: '1.34' }, // EnvFiles alpha 1.34
  CoreV1VolumeProjection: { podCertificate: '1.34' }, // PodCertificateRequest alpha 1.34
};

/** 1.37 alpha fields (§6.6, §6.8) that no npm package carries yet: added to the newest schema. */
const ALPHA_137 = {
  CoreV1HTTPGetAction: {
    protocol: {
      type: 'string',
      enum: ['HTTP', 'HTTP2'],
      description:
        'Kubernetes 1.37 alpha (H2CContainerProbe): the HTTP protocol of the probe, HTTP or HTTP2 (h2c, only with scheme HTTP and no host). Dropped unless the gate is enabled.',
    },
  },
  CoreV1GRPCAction: {
    mode: {
      type: 'string',
      enum: ['Plaintext', 'TLS'],
      description: 'Kubernetes 1.37 alpha (GRPCContainerProbeTLS): Plaintext or TLS. Dropped unless the gate is enabled.',
    },
  },
  CoreV1VolumeMount: {
    bindMountOptions: {
      description: 'Kubernetes 1.37 alpha (VolumeBindMountOptions): bind mount options; not allowed with image volumes. Dropped unless the gate is enabled.',
    },
  },
};

/** A field per source that must be present (or absent) there: the version claims above, checked. */
const MARKERS = {
  1.29: { present: [['CoreV1LifecycleHandler', 'sleep']], absent: [['CoreV1PodSecurityContext', 'appArmorProfile']] },
  '1.30': { present: [['CoreV1PodSecurityContext', 'appArmorProfile']], absent: [['CoreV1Volume', 'image']] },
  1.33: {
    present: [
      ['CoreV1Lifecycle', 'stopSignal'],
      ['CoreV1PodSpec', 'resources'],
    ],
    absent: [['CoreV1Container', 'restartPolicyRules']],
  },
};

function versionKey(v) {
  const [a, b] = v.split('.').map(Number);
  return a * 1000 + b;
}

/** kubernetes-models: one interface per file, re-exported as IIoK8s<Group><Version><Kind>. */
function readModels(dir, shortDefName) {
  const out = new Map();
  const walk = (d) => {
    for (const ent of fs.readdirSync(d, { withFileTypes: true })) {
      if (ent.name === '_schemas' || ent.name === 'node_modules') continue;
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.name.endsWith('.d.ts')) {
        const text = fs.readFileSync(p, 'utf8');
        const aliases = new Map();
        for (const m of text.matchAll(/export (?:type )?\{ (I\w+) as (IIoK8s\w+)/g)) aliases.set(m[1], m[2].slice(1));
        for (const m of text.matchAll(/^export interface (I\w+) \{\n([\s\S]*?)^\}/gm)) {
          const full = aliases.get(m[1]);
          if (!full) continue;
          const props = new Set();
          for (const pm of m[2].matchAll(/^ {4}(?:readonly )?"([^"]+)"\??:/gm)) props.add(pm[1]);
          out.set(shortDefName(full), props);
        }
      }
    }
  };
  walk(dir);
  return out;
}

/** kubernetes-types: `<group>/<version>.d.ts` with plain interfaces; core/v1 Container -> CoreV1Container. */
function readTypes(dir) {
  const out = new Map();
  for (const group of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!group.isDirectory() || group.name === 'node_modules') continue;
    for (const file of fs.readdirSync(path.join(dir, group.name))) {
      const m = /^(v\d\w*)\.d\.ts$/.exec(file);
      if (!m) continue;
      const prefix = cap(group.name) + cap(m[1]);
      const text = fs.readFileSync(path.join(dir, group.name, file), 'utf8');
      for (const im of text.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) {
        const props = new Set();
        for (const pm of im[2].matchAll(/^ {4}(?:readonly )?(\w+)\??:/gm)) props.add(pm[1]);
        out.set(prefix + im[1], props);
      }
    }
  }
  return out;
}

function cap(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Adds ALPHA_137 to `definitions` (the newest schema's, by short name) and returns the table.
 * `findPackageDir(name)` locates an installed package; `shortDefName` is the generator's naming.
 */
function fieldVersions(definitions, findPackageDir, shortDefName) {
  const sources = SOURCES.map((s) => {
    const dir = findPackageDir(s.alias);
    const version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
    if (`${s.package.split('@')[0]}@${version}` !== s.package) throw new Error(`${s.alias} is ${version}, ${s.package} expected`);
    const defs = s.format === 'models' ? readModels(dir, shortDefName) : readTypes(dir);
    const marker = MARKERS[s.kubernetes];
    for (const [def, prop] of marker.present) {
      if (!defs.get(def)?.has(prop)) throw new Error(`${s.package}: ${def}.${prop} missing: not Kubernetes ${s.kubernetes}?`);
    }
    for (const [def, prop] of marker.absent) {
      if (!defs.has(def) || defs.get(def).has(prop)) throw new Error(`${s.package}: ${def}.${prop} present: not Kubernetes ${s.kubernetes}?`);
    }
    return { ...s, defs };
  });

  const fields = {};
  for (const [name, schema] of definitions) {
    if (!schema.properties) continue;
    // kubernetes-types writes descriptions into /** */ comments unescaped: one containing `*/`
    // ('*/scale') ends the comment early and the fields after it are lost. Such a definition
    // says nothing there.
    const unescapedComment = Object.values(schema.properties).some((p) => typeof p.description === 'string' && /\*\\?\//.test(p.description)); // `*/`, `\*\/` as kubernetes-models writes it
    for (const prop of Object.keys(schema.properties)) {
      let absent; // newest source without it
      let present = NEWEST; // oldest source with it, after `absent`
      let removed = false; // in one source, missing from a later one: no claim either way
      for (const s of sources) {
        const props = s.defs.get(name);
        if (!props) continue; // definition unknown there: no information
        if (s.format === 'types' && unescapedComment) continue;
        if (props.has(prop)) {
          if (versionKey(s.kubernetes) < versionKey(present)) present = s.kubernetes;
        } else {
          if (present !== NEWEST) removed = true;
          absent = s.kubernetes;
          present = NEWEST;
        }
      }
      const exact = EXACT_SINCE[name]?.[prop];
      if (removed) {
        if (exact) throw new Error(`${name}.${prop}: said to exist from ${exact}, but a package lacks it after one that has it`);
        continue;
      }
      if (absent === undefined) {
        if (exact) throw new Error(`${name}.${prop}: said to exist from ${exact}, but every source has it`);
        continue;
      }
      if (exact && !(versionKey(absent) < versionKey(exact) && versionKey(exact) <= versionKey(present))) {
        throw new Error(`${name}.${prop}: said to exist from ${exact}, but the packages say after ${absent}, by ${present}`);
      }
      (fields[name] ??= {})[prop] = exact ?? [absent, present];
    }
  }
  for (const [name, props] of Object.entries(EXACT_SINCE)) {
    for (const prop of Object.keys(props)) if (!fields[name]?.[prop]) throw new Error(`${name}.${prop}: not in the newest schema`);
  }
  for (const [name, props] of Object.entries(ALPHA_137)) {
    const def = definitions.get(name);
    if (!def || !def.properties) throw new Error(`${name}: not in the newest schema`);
    for (const [prop, schema] of Object.entries(props)) {
      if (def.properties[prop]) throw new Error(`${name}.${prop}: already in the newest schema`);
      def.properties[prop] = schema;
      (fields[name] ??= {})[prop] = '1.37';
    }
  }
  return {
    newest: NEWEST,
    sources: [...SOURCES.map((s) => ({ package: s.package, kubernetes: s.kubernetes })), { package: 'kubernetes-models@5.1.0', kubernetes: NEWEST }],
    fields,
  };
}

module.exports = { fieldVersions };
