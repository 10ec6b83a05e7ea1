/** Settings: read per document via workspace/configuration, re-read on didChangeConfiguration. */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { TestClient } from './client';
import { DEPLOYMENT, only, uri } from './texts';

const doc = uri('configured.yaml');

describe('configuration', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.started({ settings: { initlens: { kubernetesVersion: '1.33', rules: {}, schema: { enable: true } } } });
  });
  after(() => client?.kill());

  /** Changes the settings and returns the schema diagnostics' severities republished for version 1. */
  async function reconfigure(settings: Record<string, unknown>): Promise<unknown[]> {
    const before = client.published(doc).length;
    await client.changeConfiguration(settings);
    const published = await client.waitForDiagnostics(doc, 1, before);
    return only(published, 'schema').map((d) => d.severity);
  }

  it('asks for section initlens scoped to the document', async () => {
    await client.open(doc, DEPLOYMENT, 1);
    const published = await client.waitForDiagnostics(doc, 1);
    assert.deepEqual(
      only(published, 'schema').map((d) => d.severity),
      [1, 1, 1],
    );
    assert.deepEqual(client.configurationRequests.at(-1)?.items, [{ scopeUri: doc, section: 'initlens' }]);
  });

  it('initlens.rules {schema: "warning"} turns the schema errors into warnings', async () => {
    assert.deepEqual(await reconfigure({ initlens: { rules: { schema: 'warning' } } }), [2, 2, 2]);
  });

  it('initlens.rules {schema: "off"} makes them disappear', async () => {
    assert.deepEqual(await reconfigure({ initlens: { rules: { schema: 'off' } } }), []);
  });

  it('initlens.schema.enable false makes them disappear too; true brings them back', async () => {
    assert.deepEqual(await reconfigure({ initlens: { schema: { enable: false } } }), []);
    assert.deepEqual(await reconfigure({ initlens: { schema: { enable: true } } }), [1, 1, 1]);
  });

  it('invalid values are ignored with a warning in the log, not a crash', async () => {
    const logsBefore = client.logs().length;
    const severities = await reconfigure({
      initlens: { kubernetesVersion: 'banana', rules: { schema: 'loud', 'no-such-rule': 'error' }, schema: { enable: 'yes' } },
    });
    assert.deepEqual(severities, [1, 1, 1], 'the defaults apply');
    const warnings = client
      .logs()
      .slice(logsBefore)
      .filter((l) => l.type === 2)
      .map((l) => l.message);
    assert.deepEqual(warnings, [
      'initlens: ignoring initlens.kubernetesVersion = "banana": expected a string MAJOR.MINOR such as "1.35"; using 1.35',
      'initlens: ignoring initlens.rules.schema = "loud": expected one of "off", "hint", "info", "warning", "error"',
      'initlens: ignoring initlens.rules.no-such-rule: no rule has that id',
      'initlens: ignoring initlens.schema.enable = "yes": expected true or false',
    ]);
  });

  it('a settings section that is not an object is ignored too', async () => {
    assert.deepEqual(await reconfigure({ initlens: 42 }), [1, 1, 1]);
    assert.deepEqual(await reconfigure({ initlens: { rules: { schema: 'info' } } }), [3, 3, 3]);
  });

  it('shutdown then exit ends the process with code 0', async () => {
    assert.equal(await client.shutdown(), 0);
  });
});
