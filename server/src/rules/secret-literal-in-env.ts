/**
 * `secret-literal-in-env`: an env `value` that is a credential in plain text. Anyone who can read
 * the manifest (its repository, its history) or the pod (`kubectl get pod -o yaml`, which needs
 * no access to Secrets) reads it.
 *
 * A credential is either
 * - the value of a variable whose name says it is one: a word containing PASSWORD or PASSWD, the
 *   word PASS, a word containing SECRET, a word ending in TOKEN (not TOKENS, TOKENIZER), API KEY
 *   or PRIVATE KEY (words split at `_`, `-`, `.` and camelCase), unless another word says the
 *   value is about the credential, not the credential (`_FILE`, `_PATH`, `_NAME`, `_TTL`,
 *   `_LENGTH`, `ALLOW_EMPTY_…`, …); or
 * - a URL with a password in it (`scheme://user:password@host`), whatever the name.
 * Values that cannot be one are skipped: empty, booleans and numbers, paths, placeholders
 * (`<…>`), and values built from other variables (`$(VAR)`) or filled in later (`${VAR}`).
 *
 * Fix: `valueFrom.secretKeyRef` with the Secret `<manifest name>-secrets` and the variable's name
 * as key (what `kubectl create secret generic <name> --from-literal=KEY=…` makes): schema-valid
 * text to edit, not a secret that exists.
 */
import { YamlEditor } from '../edits/yamlEdit';
import { containerLabel } from './containerFacts';
import type { Fix, Rule } from './rule';
import { apiMessage, isTemplated, sanitiseLabel } from './support';
import { stringField } from '../model/podSpec';

/** Words that make a credential-named variable hold something about the credential. */
const ABOUT = new Set([
  'FILE',
  'FILES',
  'PATH',
  'DIR',
  'NAME',
  'REF',
  'KEYREF',
  'ENABLED',
  'ENABLE',
  'DISABLED',
  'DISABLE',
  'REQUIRED',
  'REQUIRE',
  'LENGTH',
  'LEN',
  'TTL',
  'EXPIRY',
  'EXPIRATION',
  'EXPIRES',
  'EXPIRE',
  'TIMEOUT',
  'HEADER',
  'URL',
  'URI',
  'ENDPOINT',
  'TYPE',
  'MODE',
  'VERSION',
  'ALGORITHM',
  'ALG',
  'SOURCE',
  'PROVIDER',
  'ID',
  'HASH',
  'HASHED',
  'POLICY',
  'ROTATION',
  'AUDIENCE',
  'ISSUER',
  'SCOPE',
  'SCOPES',
  'LOCATION',
  'MOUNT',
  'STORE',
  'LIFETIME',
  'FORMAT',
  'PREFIX',
  'SUFFIX',
  'FIELD',
  'PARAM',
  'NAMESPACE',
  'MIN',
  'MAX',
  'NUM',
  'SIZE',
  'LIMIT',
  'COUNT',
  'ALLOW',
  'RANDOM',
  'SKIP',
  'USE',
  'GENERATE',
  'EMPTY',
  'RESET',
  'CHANGE',
  'HINT',
  'PROMPT',
  'PATTERN',
  'REGEX',
  'ROTATE',
  'REFRESHED',
  'KIND',
  'TEMPLATE',
  'SECRETS',
]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

/** Whether a variable of this name holds a credential. */
export function credentialName(name: string): boolean {
  const w = words(name);
  if (w.some((x) => ABOUT.has(x))) return false;
  return w.some((x, i) => {
    const next = w[i + 1];
    return (
      /PASSWORD|PASSWD/.test(x) ||
      x === 'PASS' ||
      x.includes('SECRET') ||
      /TOKEN$/.test(x) ||
      /APIKEY$|PRIVATEKEY$/.test(x) ||
      ((x === 'API' || x === 'PRIVATE') && next === 'KEY')
    );
  });
}

const NOT_A_CREDENTIAL = /^(?:|true|false|yes|no|on|off|y|n|null|none|\d+|[*x]+)$/i;

/** Whether a literal value can be a credential at all. */
function literal(value: string): boolean {
  const v = value.trim();
  if (NOT_A_CREDENTIAL.test(v)) return false;
  if (/^(?:\/|\.\/|~\/|file:)/.test(v)) return false; // a path
  if (/^<.*>$/.test(v) || v.includes('{{')) return false; // a placeholder
  if (v.includes('$(') || isTemplated(v)) return false; // built from other variables / substituted later
  return true;
}

/**
 * A value that stands for the credential, to be replaced before use: the variable's own name
 * (`HF_TOKEN: HF_TOKEN`), `GOOGLE_API_KEY_VAL`, `YOUR_TOKEN_HERE`, `REPLACE_ME`. A default that works as
 * it is (`changeme`, `admin`) is a credential, not a placeholder.
 */
function placeholder(name: string, value: string): boolean {
  const v = value.trim();
  return v === name || /^(?:your|insert|put|enter)[-_ ]|^replace[-_ ]?(?:me|with|this)\b/i.test(v) || /[-_ ](?:val|value|here|placeholder)$/i.test(v);
}

const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:([^\s/@]+)@/i;

/** The value is a URL with a literal password in it. */
export function urlWithPassword(value: string): boolean {
  const m = URL_WITH_PASSWORD.exec(value.trim());
  if (!m) return false;
  const password = m[1];
  return !/^\$[({]|^<|\{\{|^[*x]+$/i.test(password);
}

export const secretLiteralInEnv: Rule = {
  id: 'secret-literal-in-env',
  defaultSeverity: 'warning',
  title: 'An env `value` that is a credential in plain text (a password, secret, token or API key, or a URL with a password).',
  check({ doc, manifest, report }) {
    const pod = manifest.podSpec;
    if (!pod) return;
    const secret = `${sanitiseLabel(manifest.name && !isTemplated(manifest.name) ? manifest.name : '') || 'app'}-secrets`;
    for (const c of pod.containers) {
      if (c.role === 'ephemeral') continue;
      for (const e of c.env) {
        if (!e.name || e.fields.has('valueFrom')) continue;
        const value = stringField(e, 'value');
        if (value.kind !== 'string' || !literal(value.value)) continue;
        const byName = credentialName(e.name);
        const byUrl = urlWithPassword(value.value);
        if (!byName && !byUrl) continue;
        const what = !byName
          ? `${e.name} of container ${containerLabel(c)} holds a URL with a password in plain text (user:password@)`
          : placeholder(e.name, value.value)
            ? `${e.name} of container ${containerLabel(c)} is a placeholder for a credential that will sit here in plain text once it is filled in`
            : `${e.name} of container ${containerLabel(c)} holds a credential in plain text`;
        const key = /^[-._a-zA-Z0-9]{1,253}$/.test(e.name) ? e.name : 'value';
        const fixes = (): Fix[] => {
          const edits = new YamlEditor(doc).replacePair(e.node, value.entry.pair, 'valueFrom', { secretKeyRef: { name: secret, key } });
          return edits ? [{ title: `Read it from Secret ${secret} (key ${key})`, edits, safe: false, preferred: true }] : [];
        };
        report({
          span: value.span,
          message: apiMessage(
            [...e.path, 'value'],
            what,
            'anyone who can read this manifest or the pod (`kubectl get pod -o yaml` needs no access to Secrets) can read it; keep it in a Secret and reference it with `valueFrom.secretKeyRef`.',
          ),
          fixes,
        });
      }
    }
  },
};
