import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAlertGroups } from '../../src/alerts/build-alerts.js';
import type { AlertDoc } from '../../src/alerts/types.js';
import { parse } from '../../src/eql/index.js';
import { Prng } from '../../src/generate/prng.js';
import type { SampleManifest } from '../../src/generate/sample.js';
import { writeSample } from '../../src/generate/write-sample.js';
import { formatAlertSummary, SHORT_ID, summarizeAlerts } from '../../src/output/alert-summary.js';
import { queryEventFiles } from '../../src/run/offline.js';
import { context, seedRule } from '../alerts/fixtures.js';
import { REPO_ROOT } from '../support/paths.js';
import { tempDir } from '../support/tmp.js';

const ruleQuery = (JSON.parse(readFileSync(join(REPO_ROOT, 'rule.json'), 'utf8')) as { query: string }).query;
const settings = { size: 1_000_000, timestampField: '@timestamp', eventCategoryField: 'event.category' };

/** Alerts as the runner builds them: rule.json's (or `query`'s) results over the sample, through build-alerts. */
async function alertsOverSample(
  query = ruleQuery,
  extra: Record<string, unknown> = {},
): Promise<{ docs: AlertDoc[]; manifest: SampleManifest; shells: string[] }> {
  const t = tempDir();
  try {
    const w = writeSample(t.dir, {
      endMs: Date.parse('2026-12-01T10:00:00.000Z'),
      hours: 4,
      seed: 21,
      truePositives: 4,
    });
    const run = await queryEventFiles(parse(query), { ...settings, events: [t.dir] });
    const built = buildAlertGroups(run.results, seedRule({ query, ...extra }), context());
    return {
      docs: built.groups.flatMap((g) => g.docs),
      manifest: w.manifest,
      shells: built.groups.map((g) => g.docs[0]!._id),
    };
  } finally {
    t.remove();
  }
}

function shuffled<T>(xs: T[], seed: number): T[] {
  const r = new Prng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('alert summary', function () {
  this.timeout(60_000);

  it("gives one line per sequence over the sample: rule, time range, host, user, the process chain and the shell's short id", async () => {
    const { docs, manifest, shells } = await alertsOverSample();
    expect(docs).to.have.lengthOf(3 * 4); // a shell and two building blocks per true positive
    for (const seed of [1, 2, 3]) {
      const lines = formatAlertSummary(shuffled(docs, seed));
      expect(lines[0]).to.equal('MacOS Installer Package Spawns Network Event (medium): 4 alerts');
      expect(lines).to.have.lengthOf(1 + 4);
      manifest.truePositives.forEach((tp, i) => {
        const first = new Date(tp.timestamps[0]).toISOString();
        const last = new Date(tp.timestamps[1]).toISOString().slice(11);
        expect(lines[1 + i]).to.equal(
          `  ${first} .. ${last}  host ${tp.hostName}  user ${tp.userName}  ${tp.chain.join(' → ')}  ` +
            `alert ${shells[i]!.slice(0, SHORT_ID)}`,
        );
      });
    }
    const s = summarizeAlerts(docs);
    expect(s.map((x) => x.kind)).to.deep.equal(['sequence', 'sequence', 'sequence', 'sequence']);
    expect(s.map((x) => x.alertId)).to.deep.equal(shells);
  });

  it('summarises single-event alerts, and the building blocks of a shell that is not among the documents', async () => {
    const { docs, manifest } = await alertsOverSample(
      'network where event.action == "connection_attempted" and process.name : ("curl", "wget", "node", "ruby", "java")',
      { name: 'Downloader connects' },
    );
    const lines = formatAlertSummary(docs);
    expect(lines[0]).to.match(/^Downloader connects \(medium\): \d+ alerts$/);
    // every true positive's download is one of them, as its own alert: the downloader's parent → itself
    for (const tp of manifest.truePositives.filter(
      (p) => p.chain[2] !== 'python' && p.chain[2] !== 'osascript',
    ))
      expect(
        lines.some((l) =>
          l.includes(
            `  ${new Date(tp.timestamps[1]).toISOString()}  host ${tp.hostName}  user ${tp.userName}  ` +
              `${tp.chain[1]} → ${tp.chain[2]}  alert `,
          ),
        ),
      ).to.equal(true);
    expect(summarizeAlerts(docs).every((s) => s.kind === 'event' && s.firstTime === s.lastTime)).to.equal(
      true,
    );

    const seq = await alertsOverSample();
    const blocks = seq.docs.filter((d) => d._source['kibana.alert.building_block_type'] === 'default');
    const orphaned = summarizeAlerts(blocks);
    expect(orphaned.map((o) => o.alertId)).to.deep.equal(seq.shells);
    expect(orphaned.map((o) => o.chain.join(' → '))).to.deep.equal(
      seq.manifest.truePositives.map((t) => t.chain.join(' → ')),
    );
  });

  it('shows control characters in event values as escapes, and says when there is nothing', async () => {
    const { docs } = await alertsOverSample();
    const hostile = structuredClone(docs);
    for (const d of hostile) {
      const host = d._source.host as Record<string, unknown> | undefined;
      if (host) host.name = 'evil\x1b[2J\nhost';
    }
    const lines = formatAlertSummary(hostile);
    expect(lines.join('\n')).to.not.include('\x1b');
    expect(lines[1]).to.include('host evil\\x1b[2J\\nhost');
    expect(formatAlertSummary([])).to.deep.equal(['no alerts']);
  });

  it('links unrelated processes with an ellipsis, and reads dotted keys as well as nested objects', () => {
    const doc = (id: string, index: number, process: Record<string, unknown>): AlertDoc => ({
      _id: id,
      _source: {
        'kibana.alert.rule.name': 'r',
        'kibana.alert.group.id': 'shell-0000000001',
        'kibana.alert.group.index': index,
        'kibana.alert.building_block_type': 'default',
        'kibana.alert.original_time': `2026-12-01T10:00:0${index}.000Z`,
        'host.name': 'h1',
        process,
      },
    });
    const shell: AlertDoc = {
      _id: 'shell-0000000001',
      _source: { 'kibana.alert.rule.name': 'r', 'kibana.alert.group.id': 'shell-0000000001' },
    };
    const docs = [
      doc('b', 1, { name: 'curl', entity_id: 'c', parent: { name: 'zsh', entity_id: 'z' } }),
      shell,
      doc('a', 0, { name: 'bash', entity_id: 'b', parent: { name: 'installer', entity_id: 'i' } }),
    ];
    expect(formatAlertSummary(docs)).to.deep.equal([
      'r: 1 alert',
      '  2026-12-01T10:00:00.000Z .. 10:00:01.000Z  host h1  installer → bash … zsh → curl  alert shell-00',
    ]);
  });
});
