// Bundles the shipped entry points with esbuild: the language server, the CLI (and its worker), the VS Code
// client, the startup view's page script, and the launcher that bin/ starts the first two with (a
// code cache: server/src/launch.ts). The generated schema (dist/schema) sits next to
// them and is read at run time.
//
//   node scripts/bundle.mjs                 development: source maps
//   node scripts/bundle.mjs --production    the .vsix (npm run package): minified, no source maps
import * as fs from 'node:fs';
import { build } from 'esbuild';

const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // vscode-json-languageservice's UMD build loads its modules dynamically: bundle its ESM build.
  mainFields: ['module', 'main'],
};

/**
 * esbuild's `__toESM` makes, at every import of a CommonJS module by one of our ES modules, a new
 * namespace object with a getter per export: the server's 15 importers of vscode-languageserver
 * (320 exports) and 59 of yaml made about 8,000 getters at start, 10 ms and 7 MB of the cold
 * start (docs/performance.md, "Cold start"). Memoized per module object, every importer gets the
 * same namespace, as ES modules do anyway (our dependencies set their exports before `require`
 * returns). The helper is matched in its development and minified forms of the pinned esbuild;
 * a bundle where it is not found once fails the build.
 */
const TO_ESM = /\b([\w$]+) ?= ?\(([\w$]+), ?([\w$]+), ?([\w$]+)\) ?=> ?\(\4 ?= ?\2 ?!= ?null ?\?/g;

function memoizeToEsm(outfile) {
  const text = fs.readFileSync(outfile, 'utf8');
  const found = [...text.matchAll(TO_ESM)];
  if (found.length !== 1) throw new Error(`${outfile}: esbuild's __toESM helper found ${found.length} times, not once (scripts/bundle.mjs)`);
  const [whole, name, mod, nodeMode, target] = found[0];
  // One line, as before: the source map's lines stay right.
  const memoized =
    `${name}=(${mod},${nodeMode})=>typeof ${mod}!=="object"||${mod}===null||${nodeMode}?__toESMOnce(${mod},${nodeMode}):` +
    `__toESMCache.get(${mod})??(__toESMCache.set(${mod},__toESMOnce(${mod})),__toESMCache.get(${mod})),__toESMCache=new WeakMap(),` +
    `__toESMOnce=(${mod},${nodeMode},${target})=>(${target}=${mod}!=null?`;
  fs.writeFileSync(outfile, text.slice(0, found[0].index) + memoized + text.slice(found[0].index + whole.length));
}

/** A Node bundle, with `__toESM` memoized. */
async function nodeBundle(options) {
  await build({ ...common, ...options });
  memoizeToEsm(options.outfile);
}

await Promise.all([
  nodeBundle({ entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  nodeBundle({ entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' }),
  nodeBundle({ entryPoints: ['server/src/launch.ts'], outfile: 'dist/launch.js' }),
  // The CLI's worker threads (`initlens check --jobs N`): started from dist/cli.js, next to it.
  nodeBundle({ entryPoints: ['server/src/cli/checkWorker.ts'], outfile: 'dist/checkWorker.js' }),
  // The server's index thread (reads big workspace files): started from dist/server.js, next to it.
  nodeBundle({ entryPoints: ['server/src/lsp/indexWorker.ts'], outfile: 'dist/indexWorker.js' }),
  nodeBundle({ entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  // The webview's script: runs in the page, not in Node.
  build({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: ['client/src/webview/main.ts'],
    outfile: 'dist/startupView.js',
    mainFields: ['browser', 'module', 'main'],
  }),
]);
