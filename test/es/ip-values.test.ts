/**
 * IP addresses read as Elasticsearch reads them: every value below is indexed into an `ip` field, and what the node
 * stored (in its canonical form) or refused is what `canonicalIp` must give. Field values, literals and cidrMatch
 * all read addresses through it.
 */
import { expect } from 'chai';
import type { Connection } from '../../src/es/client.js';
import { canonicalIp } from '../../src/mapping/ip.js';
import { suiteIndex } from '../support/es.js';

export const IP_VALUES = [
  // IPv4, leading zeros, wrong shapes
  '10.0.0.1',
  '0.0.0.0',
  '255.255.255.255',
  '010.0.0.1',
  '10.0.0.01',
  '00.0.0.0',
  '256.0.0.1',
  '1.2.3',
  '1.2.3.4.5',
  '10.0.0.1.',
  '0x0a.0.0.1',
  ' 10.0.0.1',
  '10.0.0.1 ',
  'localhost',
  '',
  // IPv6 forms, case, embedded IPv4, compression
  '::',
  '::1',
  '2001:db8::1',
  '2001:DB8::1',
  'FE80::AbCd',
  '2001:0db8:0000:0000:0000:0000:0000:0001',
  '2001:db8:0:0:1:0:0:1',
  '1:0:0:1::1',
  '::0:0:0:0:0:0:1',
  '1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7:8:9',
  '1:2:3:4:5:6:7::',
  '::2:3:4:5:6:7:8',
  '1::2::3',
  '::ffff:10.0.0.1',
  '::ffff:a00:1',
  '0:0:0:0:0:ffff:a00:1',
  '::ffff:0:0',
  '::10.0.0.1',
  '64:ff9b::1.2.3.4',
  '1:2:3:4:5:6:1.2.3.4',
  '::ffff:255.255.255.256',
  '::ffff:010.0.0.1',
  '::ffff:1.2.3.4.5',
  // hex groups with leading zeros, or too large
  '00001::',
  '0000000000000001::',
  '1::00001',
  '::00000',
  '10000::',
  'fffff::',
  '12345::',
  // scopes, brackets, prefixes
  'fe80::1%eth0',
  'fe80::1%1',
  'fe80::1%',
  '1.2.3.4%eth0',
  '1.2.3.4%25',
  '1.2.3.4%',
  '1.2.3.4%eth0%x',
  '::1%%',
  '%eth0',
  '[2001:db8::1]',
  '2001:db8::1/64',
];

describe('ip values as Elasticsearch stores them @es', function () {
  this.timeout(60_000);
  const es = suiteIndex('rr-ip-values');
  const index = es.index;
  let conn: Connection;
  const stored = new Map<number, string | null>();

  before(async () => {
    conn = es.conn;
    const refused = await es.load(
      { properties: { ip: { type: 'ip' } } },
      IP_VALUES.map((v, i) => [String(i), { ip: v }] as const),
    );
    for (const id of refused.keys()) stored.set(Number(id), null);
    const res = await conn.client.search({ index, size: IP_VALUES.length, _source: false, fields: ['ip'] });
    for (const hit of res.hits.hits)
      stored.set(Number(hit._id), (hit.fields?.ip as string[] | undefined)?.[0] ?? null);
  });

  // Elasticsearch 8 refuses a scope after an IPv4 address, 9 drops it; rule-runner reads addresses as 9 does
  const EIGHT_REFUSES = ['1.2.3.4%eth0', '1.2.3.4%25', '1.2.3.4%eth0%x'];

  it('reads every value as an ip field stores it', () => {
    const wrong: string[] = [];
    const differ: string[] = [];
    IP_VALUES.forEach((v, i) => {
      const want = stored.get(i);
      if (want === undefined) throw new Error(`no answer from Elasticsearch for ${JSON.stringify(v)}`);
      const got = canonicalIp(v) ?? null;
      if (got === want) return;
      if (conn.major === 8 && EIGHT_REFUSES.includes(v) && want === null) differ.push(v);
      else
        wrong.push(
          `${JSON.stringify(v)}: Elasticsearch ${JSON.stringify(want)}, rule-runner ${JSON.stringify(got)}`,
        );
    });
    expect(wrong).to.deep.equal([]);
    expect(differ).to.deep.equal(conn.major === 8 ? EIGHT_REFUSES : []);
  });
});
