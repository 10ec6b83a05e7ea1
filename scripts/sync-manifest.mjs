// Keeps package.json's `initlens.rules` setting in line with the rule registry: one property per
// rule id (server/out/rules/index.js, ALL_RULE_INFOS), with the rule's title, its default
// severity and where its page is, so the settings editor completes and documents every id; and
// the `initlens.kubernetesVersion` setting's choices and default (server/out/config/options.js).
// Writes the JSON Schema of `.initlens.yaml` (schemas/initlens.schema.json) from the same
// settings: its kubernetesVersion, rules and exclude are the editor settings' own (`crds` is the
// file's alone).
//
//   node scripts/sync-manifest.mjs           rewrite package.json and the schema
//   node scripts/sync-manifest.mjs --check   exit 1 when either is out of date (the tests run it)
//
// Needs the tsc output (npm run build).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const SEVERITIES = ['off', 'hint', 'info', 'warning', 'error'];
const SEVERITY_TEXT = {
  off: 'Not reported.',
  hint: 'Shown as a hint (dotted underline, not in the Problems panel).',
  info: 'Reported as information.',
  warning: 'Reported as a warning.',
  error: 'Reported as an error.',
};

export function rulesSetting(ruleInfos) {
  const properties = {};
  for (const r of ruleInfos) {
    properties[r.id] = {
      type: 'string',
      enum: SEVERITIES,
      enumDescriptions: SEVERITIES.map((s) => SEVERITY_TEXT[s]),
      markdownDescription: `${r.title} Default: \`${r.defaultSeverity}\` (docs/rules/${r.id}.md).`,
    };
  }
  return {
    type: 'object',
    default: {},
    scope: 'resource',
    markdownDescription:
      'Severity per rule id: `off`, `hint`, `info`, `warning` or `error`, e.g. `{"image-tag-mutable": "off", "schema": "warning"}`. Rules not listed keep their default. Every rule is described in `docs/rules/`.',
    properties,
    additionalProperties: false,
  };
}

/** What changes for initlens at a target (the settings editor shows it beside the version). */
const VERSION_NOTES = {
  1.28: 'native sidecars (restartPolicy: Always on init containers) exist, behind a feature gate that is off by default',
  1.29: 'native sidecars on by default',
  1.33: 'sleep 0 in hooks, resizePolicy on init containers, image volumes with subPath',
  1.34: 'container restartPolicy, restartPolicyRules and env files exist but are dropped (gates off); pod-level resources on',
  1.35: 'container restart policies and rules, env files, image volumes on by default',
  1.36: 'RestartAllContainers on by default; resizePolicy RestartContainer refused on regular init containers',
  1.37: 'pod certificates on by default',
};

export function expectedManifest(pkg) {
  const { ALL_RULE_INFOS } = require(path.join(ROOT, 'server', 'out', 'rules', 'index.js'));
  const next = structuredClone(pkg);
  const { KUBERNETES_VERSIONS, DEFAULT_KUBERNETES_VERSION, formatKubeVersion } = require(path.join(ROOT, 'server', 'out', 'config', 'options.js'));
  next.contributes.configuration.properties['initlens.rules'] = rulesSetting(ALL_RULE_INFOS);
  const version = next.contributes.configuration.properties['initlens.kubernetesVersion'];
  version.enum = [...KUBERNETES_VERSIONS];
  version.enumDescriptions = KUBERNETES_VERSIONS.map((v) => `Kubernetes ${v}${Object.hasOwn(VERSION_NOTES, v) ? `: ${VERSION_NOTES[v]}` : ''}`);
  version.default = formatKubeVersion(DEFAULT_KUBERNETES_VERSION);
  return next;
}

export const REPO_CONFIG_SCHEMA = path.join(ROOT, 'schemas', 'initlens.schema.json');

/** The JSON Schema of `.initlens.yaml`, from the manifest's settings (docs/configuration.md). */
export function repoConfigSchema(pkg) {
  const props = pkg.contributes.configuration.properties;
  const pick = (setting, extra = {}) => {
    const { scope, default: _default, ...rest } = structuredClone(props[setting]);
    return { ...rest, ...extra };
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/initlens/initlens/blob/main/schemas/initlens.schema.json',
    title: '.initlens.yaml',
    description:
      'Repository settings for initlens, read by the CLI and the language server alike (docs/configuration.md). What it sets wins over editor settings; what it leaves out, they decide.',
    type: 'object',
    properties: {
      kubernetesVersion: pick('initlens.kubernetesVersion', {
        markdownDescription: `${props['initlens.kubernetesVersion'].markdownDescription} Quote it: unquoted, YAML reads \`1.30\` as the number 1.3.`,
      }),
      rules: pick('initlens.rules', {
        markdownDescription: 'Severity per rule id: `off`, `hint`, `info`, `warning` or `error`. Rules not listed keep the editor setting or their default.',
      }),
      exclude: pick('initlens.exclude', {
        items: { type: 'string', minLength: 1 },
        markdownDescription:
          "Glob patterns (`*`, `**`, `?`, `{a,b}`, `[abc]`) of files initlens leaves alone, relative to this file's folder: `charts/**/templates/**`, `**/testdata/**`. A pattern that matches a folder excludes everything below it. The CLI skips these files even when they are named on its command line.",
      }),
      crds: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        markdownDescription:
          "Folders or files of CustomResourceDefinitions, relative to this file's folder (`deploy/crds`, `../platform/crds.yaml`): a custom resource is checked against the schema of its kind's CRD when neither its own file nor the workspace defines one.",
      },
    },
    additionalProperties: false,
  };
}

function syncFile(file, next, what, check) {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (next === text) return true;
  if (check) {
    process.stderr.write(`${path.relative(ROOT, file)}: ${what} is out of date: run \`npm run sync:manifest\`\n`);
    return false;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, next);
  process.stderr.write(`${path.relative(ROOT, file)}: ${what} updated\n`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const file = path.join(ROOT, 'package.json');
  const manifest = expectedManifest(JSON.parse(fs.readFileSync(file, 'utf8')));
  const ok = [
    syncFile(
      file,
      `${JSON.stringify(manifest, null, 2)}\n`,
      'the initlens.rules and initlens.kubernetesVersion settings (from the rule registry and the versions)',
      check,
    ),
    syncFile(REPO_CONFIG_SCHEMA, `${JSON.stringify(repoConfigSchema(manifest), null, 2)}\n`, 'the .initlens.yaml schema (from the settings)', check),
  ];
  if (ok.includes(false)) process.exit(1);
}
