// `npm run demo`: initlens check over the bundled example manifests. Findings are the point of
// the demo, so exit status 1 ("errors found") is success here; 2 (usage or I/O error) is not.
import { spawnSync } from 'node:child_process';

const args = ['bin/initlens.js', 'check', 'examples/'];
console.log(`$ initlens check examples/\n`);
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(r.status === 0 || r.status === 1 ? 0 : (r.status ?? 2));
