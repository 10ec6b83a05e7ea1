// Bundles the shipped entry points with esbuild: the language server, the CLI (and its worker), the VS Code
// client, the startup view's page script, and the launcher that bin/ starts the first two with (a
// code cache: server/src/launch.ts). The generated schema (dist/schema) sits next to
// them and is read at run time.
//
//   node scripts/bundle.mjs                 development: source maps
//   node scripts/bundle.mjs --production    the .vsix (npm run package): minified, no source maps
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

await Promise.all([
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' }),
  build({ ...common, entryPoints: ['server/src/launch.ts'], outfile: 'dist/launch.js' }),
  // The CLI's worker threads (`initlens check --jobs N`): started from dist/cli.js, next to it.
  build({ ...common, entryPoints: ['server/src/cli/checkWorker.ts'], outfile: 'dist/checkWorker.js' }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
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
