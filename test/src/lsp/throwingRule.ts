/**
 * A test-only preload for the rule-failure test: registers a rule that throws, in the server's own
 * registry, before the server starts. It works with the tsc output of the server
 * (`node --require test/out/lsp/throwingRule.js server/out/server.js --stdio`), where the preload
 * and the server share one `server/out/rules/index.js` module; the shipped bundle has no hook for
 * it, and needs none.
 *
 * The rule `test-throws` throws on a manifest named `explode`, rejects on one named `reject`, and
 * reports nothing elsewhere.
 */
import { RULES } from '../../../server/out/rules/index';
import type { Rule } from '../../../server/out/rules/rule';

export const THROWING_RULE_ID = 'test-throws';

const throwing: Rule = {
  id: THROWING_RULE_ID,
  defaultSeverity: 'warning',
  title: 'A rule that fails (tests only).',
  check({ manifest }) {
    if (manifest.name === 'explode') throw new TypeError('boom: cannot read what is not there');
    if (manifest.name === 'reject') return Promise.reject(new Error('async boom'));
  },
};

(RULES as Rule[]).push(throwing);
