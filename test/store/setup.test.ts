/**
 * `setupStores` and `checkSetup` against the test node (@es): the layout Kibana's alerts index has (hidden write
 * alias over a hidden `-000001` backing index, `dynamic: false`, every alert field mapped), idempotence (a second
 * setup changes no template, mapping or alias, and no 9.x warning is sent back), the missing-setup error, and a
 * cluster where Kibana already installed its alerts template or alias: both are left alone.
 *
 * The test node (integ-test-zip) lacks the `match_only_text` and `version` field types: setup maps
 * `kibana.alert.reason.text` as text and `kibana.version` as keyword there and says so; a fuller distribution
 * takes Kibana's types, which this test then checks instead.
 */
import type { Client } from '@elastic/elasticsearch';
import { expect } from 'chai';
import { isUserError } from '../../src/errors.js';
import { esStores } from '../../src/store/es-stores.js';
import { mappedFields } from '../../src/store/mappings/field-map.js';
import { ALERTS_FIELDS } from '../../src/store/mappings/alerts.js';
import { checkSetup, setupStores } from '../../src/store/setup.js';
import type { StoreNames } from '../../src/store/names.js';
import { testConnection } from '../support/es.js';
import { removeStores, uniqueNames } from './es-fixture.js';
import { alertDoc } from './store-contract.js';

async function snapshot(client: Client, names: StoreNames) {
  const templates = [
    names.alerts.template,
    ...[names.state, names.executions, names.gaps].map((i) => `${i}-template`),
  ];
  const indices = [names.alerts.backingIndex, names.state, names.executions, names.gaps];
  return {
    templates: await Promise.all(templates.map((name) => client.indices.getIndexTemplate({ name }))),
    mappings: await client.indices.getMapping({ index: indices, expand_wildcards: 'all' }),
    aliases: await client.indices.getAlias({ name: names.alerts.alias, expand_wildcards: 'all' }),
    settings: await client.indices.getSettings({
      index: indices,
      expand_wildcards: 'all',
      flat_settings: true,
    }),
  };
}

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => null,
    (e: unknown) => e,
  );
}

/** Kibana's alerts template for `names`' space, as Kibana writes it (its `_meta`, a field of its own). */
async function installKibanaTemplate(client: Client, names: StoreNames): Promise<void> {
  await client.indices.putIndexTemplate({
    name: names.alerts.template,
    index_patterns: [names.alerts.indexPattern],
    priority: 500,
    _meta: { kibana: { version: '9.4.0' }, managed: true, namespace: names.spaceId },
    template: {
      settings: { 'index.hidden': true },
      mappings: {
        dynamic: false,
        properties: {
          'kibana.alert.uuid': { type: 'keyword' },
          'kibana.only_kibana_maps_this': { type: 'keyword' },
        },
      },
    },
  });
}

describe('setupStores and checkSetup @es', function () {
  this.timeout(60_000);
  let client: Client;
  const made: StoreNames[] = [];
  const names = (label: string) => {
    const n = uniqueNames(label);
    made.push(n);
    return n;
  };
  before(async () => {
    client = (await testConnection()).client;
  });
  after(async () => {
    for (const n of made) await removeStores(client, n);
    await client?.close();
  });

  it('installs Kibana’s alerts layout and the runner’s indices, then checkSetup passes', async () => {
    const n = names('fresh');
    const report = await setupStores(client, n);
    expect(report.warnings, 'warnings from Elasticsearch').to.deep.equal([]);
    expect(report.actions.map((a) => `${a.what} ${a.name} ${a.outcome}`)).to.include.members([
      `index template ${n.alerts.template} created`,
      `index ${n.alerts.backingIndex} created`,
      `alias ${n.alerts.alias} created`,
      `index ${n.state} created`,
      `index ${n.executions} created`,
      `index ${n.gaps} created`,
    ]);
    expect(n.alerts.alias).to.equal(`.alerts-security.alerts-${n.spaceId}`);
    expect(n.alerts.backingIndex).to.equal(`.internal.alerts-security.alerts-${n.spaceId}-000001`);
    const alias = await client.indices.getAlias({ name: n.alerts.alias, expand_wildcards: 'all' });
    expect(alias[n.alerts.backingIndex]!.aliases[n.alerts.alias]).to.deep.include({
      is_write_index: true,
      is_hidden: true,
    });
    const settings = await client.indices.getSettings({
      index: n.alerts.backingIndex,
      expand_wildcards: 'all',
      flat_settings: true,
    });
    expect(settings[n.alerts.backingIndex]!.settings!['index.hidden']).to.equal('true');
    const mapping = (
      await client.indices.getMapping({ index: n.alerts.backingIndex, expand_wildcards: 'all' })
    )[n.alerts.backingIndex]!.mappings;
    expect(mapping.dynamic).to.equal('false');
    const mapped = new Set(mappedFields(mapping.properties));
    for (const field of Object.keys(ALERTS_FIELDS)) expect(mapped.has(field), field).to.equal(true);
    expect(mapped.has('kibana.alert.reason.text')).to.equal(true);
    if (report.notes.some((x) => /match_only_text/.test(x)))
      expect(mapping.properties!.kibana).to.deep.nested.include({ 'properties.version.type': 'keyword' });
    else expect(mapping.properties!.kibana).to.deep.nested.include({ 'properties.version.type': 'version' });
    expect(await checkSetup(client, n)).to.deep.equal({ alertsTarget: 'alias' });
    // as in Kibana's index, a source event's malformed value is kept in _source, not a refused alert
    const odd = await esStores(client, n).alerts.create([alertDoc('odd-ip', { host: { ip: 'not-an-ip' } })]);
    expect(odd.created).to.deep.equal(['odd-ip']);
  });

  it('a second setup changes nothing and reports nothing new', async () => {
    const n = names('twice');
    await setupStores(client, n);
    const before = await snapshot(client, n);
    const again = await setupStores(client, n);
    expect(again.warnings).to.deep.equal([]);
    expect(again.actions.filter((a) => a.outcome === 'created' || a.outcome === 'updated')).to.deep.equal([]);
    expect(await snapshot(client, n)).to.deep.equal(before);
  });

  it('rewrites a template of ours from an older schema, and only that, and adds its fields to the indices', async () => {
    const n = names('upgrade');
    await setupStores(client, n);
    for (const name of [n.alerts.template, `${n.state}-template`]) {
      const got = (await client.indices.getIndexTemplate({ name })).index_templates[0]!.index_template;
      // what the node adds itself, and refuses to be given (9.x)
      const t = Object.fromEntries(Object.entries(got).filter(([k]) => !/^(created|modified)_date/.test(k)));
      await client.indices.putIndexTemplate({
        name,
        ...t,
        version: 0,
        _meta: { ...t._meta, schema_version: 0 },
      } as never);
    }
    const report = await setupStores(client, n);
    const changed = report.actions.filter((a) => a.outcome === 'updated').map((a) => `${a.what} ${a.name}`);
    expect(changed).to.have.members([
      `index template ${n.alerts.template}`,
      `index template ${n.state}-template`,
      `index ${n.state}`,
    ]);
    for (const name of [n.alerts.template, `${n.state}-template`])
      expect(
        (await client.indices.getIndexTemplate({ name })).index_templates[0]!.index_template.version,
      ).to.equal(1);
    expect((await setupStores(client, n)).actions.filter((a) => a.outcome === 'updated')).to.deep.equal([]);
  });

  it('checkSetup on a cluster without the stores throws SETUP_MISSING naming each and the setup command', async () => {
    const n = names('empty');
    const err = await errorOf(checkSetup(client, n));
    expect(isUserError(err) && err.code).to.equal('SETUP_MISSING');
    const message = (err as Error).message;
    for (const what of [n.alerts.alias, n.state, n.executions, n.gaps]) expect(message).to.include(what);
    expect(message).to.include(`rule-runner setup --space ${n.spaceId}`);
  });

  it('checkSetup names only what is missing', async () => {
    const n = names('partial');
    await setupStores(client, n);
    await client.indices.delete({ index: n.gaps });
    const err = await errorOf(checkSetup(client, n));
    expect(isUserError(err) && err.code).to.equal('SETUP_MISSING');
    expect((err as Error).message).to.include(`the gaps index ${n.gaps}`);
    expect((err as Error).message).to.not.include(n.state);
    await setupStores(client, n);
    await checkSetup(client, n);
  });

  it('leaves Kibana’s alias, index and template alone where Kibana installed them, and writes through the alias', async () => {
    const n = names('kibana');
    await installKibanaTemplate(client, n);
    await client.indices.create({
      index: n.alerts.backingIndex,
      aliases: { [n.alerts.alias]: { is_write_index: true, is_hidden: true } },
    });
    const template = await client.indices.getIndexTemplate({ name: n.alerts.template });
    const mapping = await client.indices.getMapping({
      index: n.alerts.backingIndex,
      expand_wildcards: 'all',
    });
    const report = await setupStores(client, n);
    expect(report.actions.find((a) => a.name === n.alerts.alias)).to.deep.include({
      what: 'alerts target',
      outcome: 'kept',
    });
    expect(report.actions.some((a) => a.name === n.alerts.template)).to.equal(false);
    expect(await client.indices.getIndexTemplate({ name: n.alerts.template })).to.deep.equal(template);
    expect(
      await client.indices.getMapping({ index: n.alerts.backingIndex, expand_wildcards: 'all' }),
    ).to.deep.equal(mapping);
    const alias = await client.indices.getAlias({ name: n.alerts.alias, expand_wildcards: 'all' });
    expect(Object.keys(alias)).to.deep.equal([n.alerts.backingIndex]);
    // the test node has no security: the privilege check is said to be skipped; a secured cluster checks it
    const secured = await client.security.hasPrivileges({ index: [] }).then(
      () => true,
      () => false,
    );
    const skipped = report.notes.some((x) => x.includes(`privileges on ${n.alerts.alias} not checked`));
    expect(skipped).to.equal(!secured);
    const { alertsTarget } = await checkSetup(client, n);
    const written = await esStores(client, n, { alertsTarget }).alerts.create([alertDoc('kibana-1')]);
    expect(written.created).to.deep.equal(['kibana-1']);
  });

  it('where Kibana installed only its template, creates the alias over a backing index that takes Kibana’s mapping', async () => {
    const n = names('kibana-template');
    await installKibanaTemplate(client, n);
    const template = await client.indices.getIndexTemplate({ name: n.alerts.template });
    const report = await setupStores(client, n);
    expect(report.actions.find((a) => a.name === n.alerts.template)).to.deep.include({ outcome: 'kept' });
    expect(await client.indices.getIndexTemplate({ name: n.alerts.template })).to.deep.equal(template);
    const mapping = (
      await client.indices.getMapping({ index: n.alerts.backingIndex, expand_wildcards: 'all' })
    )[n.alerts.backingIndex]!.mappings;
    expect(mappedFields(mapping.properties)).to.include('kibana.only_kibana_maps_this');
    await checkSetup(client, n);
  });

  it('refuses an existing alerts index that cannot be written (ALERTS_NOT_WRITABLE)', async () => {
    const n = names('blocked');
    await client.indices.create({
      index: n.alerts.backingIndex,
      aliases: { [n.alerts.alias]: { is_write_index: true, is_hidden: true } },
      settings: { 'index.hidden': true, 'index.blocks.write': true },
    });
    const err = await errorOf(setupStores(client, n));
    expect(isUserError(err) && err.code).to.equal('ALERTS_NOT_WRITABLE');
    expect((err as Error).message).to.include('index.blocks.write');
    await client.indices.putSettings({
      index: n.alerts.backingIndex,
      settings: { 'index.blocks.write': false },
    });
  });
});
