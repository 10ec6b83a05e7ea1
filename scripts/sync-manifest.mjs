// Keeps package.json's `initlens.rules` setting in line with the rule registry: one property per
// rule id (server/out/rules/index.js, ALL_RULE_INFOS), with the rule's title, its default
// severity and where its page is, so the settings editor completes and documents every id; and
// the `initlens.kubernetesVersion` setting's choices and default (server/out/config/options.js).
//
//   node scripts/sync-manifest.mjs           rewrite package.json
//   node scripts/sync-manifest.mjs --check   exit 1 when package.json is out of date (the tests run it)
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
  '1.28': 'native sidecars (restartPolicy: Always on init containers) exist, behind a feature gate that is off by default',
  '1.29': 'native sidecars on by default',
  '1.33': 'sleep 0 in hooks, resizePolicy on init containers, image volumes with subPath',
  '1.34': 'container restartPolicy, restartPolicyRules and env files exist but are dropped (gates off); pod-level resources on',
  '1.35': 'container restart policies and rules, env files, image volumes on by default',
  '1.36': 'RestartAllContainers on by default; resizePolicy RestartContainer refused on regular init containers',
  '1.37': 'pod certificates on by default',
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

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = path.join(ROOT, 'package.json');
  const text = fs.readFileSync(file, 'utf8');
  const next = `${JSON.stringify(expectedManifest(JSON.parse(text)), null, 2)}\n`;
  if (process.argv.includes('--check')) {
    if (next !== text) {
      process.stderr.write('package.json: the initlens.rules or initlens.kubernetesVersion setting is out of date: run `npm run sync:manifest`\n');
      process.exit(1);
    }
  } else if (next !== text) {
    fs.writeFileSync(file, next);
    process.stderr.write('package.json: initlens.rules and initlens.kubernetesVersion updated\n');
  }
}
