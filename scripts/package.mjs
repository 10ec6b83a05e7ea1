#!/usr/bin/env node
// `npm run package`: the .vsix, built by @vscode/vsce (pinned in scripts/e2e/harness, run on the
// Node 24 the editor harness provisions: vsce 4 needs Node >= 22).
//
//   1. bundles the extension, the server and the startup view for production (minified, no maps);
//   2. `vsce package --no-dependencies` (everything is bundled; package.json `files` says what
//      ships, for the .vsix and the npm package alike: the bundles with the generated schema,
//      the bins, the grammar, the rule pages, docs/configuration.md and its JSON Schema, the
//      Neovim config, the icon, README, CHANGELOG, LICENSE, NOTICE);
//   3. checks the result is under VSIX_BUDGET_BYTES.
//
// Run `npm run build` first (the schema in dist/schema comes from it); `npm run package` does.
//   node scripts/package.mjs [--out initlens.vsix]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { node24Env, NODE24, provision, ROOT, VSCE } from './e2e/provision.mjs';

export const VSIX_BUDGET_BYTES = 2 * 1024 * 1024;

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', ...options });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${r.status ?? r.error}):\n${r.stdout ?? ''}\n${r.stderr ?? ''}`);
  return r;
}

/**
 * README.md for the .vsix: the repository's, with relative links turned into plain text and the
 * screenshots (docs/images, not shipped) left out: the package has no repository URL to resolve
 * them against, and vsce refuses relative links without one.
 */
export function vsixReadme(markdown) {
  const relativeImage = /!\[[^\]]*\]\((?!https?:)[^)]*\)/;
  const lines = markdown.split('\n').filter((line) => !relativeImage.test(line));
  // A table left with its header only (its rows were pictures) goes too.
  const out = lines.filter((line, i) => {
    const isHeader = /^\|.*\|$/.test(line) && /^\|[-:| ]+\|$/.test(lines[i + 1] ?? '') && !/^\|/.test(lines[i + 2] ?? '');
    const isRule = /^\|[-:| ]+\|$/.test(line) && /^\|.*\|$/.test(lines[i - 1] ?? '') && !/^\|/.test(lines[i + 1] ?? '');
    return !isHeader && !isRule;
  });
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\[([^\]]+)\]\((?!https?:|#|mailto:)[^)]*\)/g, '$1');
}

/** Builds the .vsix and returns its path. */
export async function packageVsix({ out } = {}) {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const file = path.resolve(ROOT, out ?? `${pkg.name}-${pkg.version}.vsix`);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'schema', 'index.json'))) throw new Error('dist/schema is missing: run `npm run build` first');
  await provision(['node', 'tools']);
  run(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs'), '--production']);
  // Source maps of an earlier development build would be left in dist/ (`files` leaves them out anyway).
  for (const f of fs.readdirSync(path.join(ROOT, 'dist'))) if (f.endsWith('.map')) fs.rmSync(path.join(ROOT, 'dist', f));
  fs.rmSync(file, { force: true });
  const staging = path.join(ROOT, '.vscode-test', 'package');
  fs.mkdirSync(staging, { recursive: true });
  const readme = path.join(staging, 'README.md');
  fs.writeFileSync(readme, vsixReadme(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')));
  run(NODE24, [VSCE, 'package', '--no-dependencies', '--readme-path', path.relative(ROOT, readme), '--out', file], { env: node24Env() });
  return file;
}

/** The names of the files in a zip (a .vsix), read from its central directory. */
export function vsixEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry`);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  try {
    const vsix = await packageVsix({ out: i > 0 ? process.argv[i + 1] : undefined });
    const size = fs.statSync(vsix).size;
    const entries = vsixEntries(vsix);
    process.stdout.write(
      `${path.relative(process.cwd(), vsix)}: ${entries.length} files, ${(size / 1024).toFixed(0)} KiB (budget ${VSIX_BUDGET_BYTES / 1024} KiB)\n`,
    );
    if (size >= VSIX_BUDGET_BYTES) {
      process.stderr.write(`package: the .vsix is over its ${VSIX_BUDGET_BYTES / 1024} KiB budget\n`);
      process.exit(1);
    }
  } catch (e) {
    process.stderr.write(`package: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
