/**
 * The Docker files, checked offline (no daemon here): docker/docker-compose.yml parsed as YAML with its variables
 * interpolated as Compose does, docker/Dockerfile read instruction by instruction, .dockerignore, the setup script's
 * syntax. Where a Compose client exists (`docker compose` or `docker-compose`), it validates the file too.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { DATA_DIR_ENV } from '../../src/cli/local-mode.js';
import { connectionFromEnv } from '../../src/es/client.js';
import { parseWithProgram } from '../support/parse-args.js';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const dockerDir = fileURLToPath(new URL('docker/', root));

/** KEY=value lines, comments and blank lines skipped. */
function envFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** Compose's interpolation: `${V}`, `${V:-default}`, `${V-default}`, `${V:?error}`, `$$` for a dollar. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(
    /\$\$|\$\{([A-Z_][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
    (all, name: string, op: string, arg: string) => {
      if (all === '$$') return '$';
      const value = env[name];
      const unset = op?.startsWith(':') ? !value : value === undefined;
      if (op?.endsWith('?') && unset) throw new Error(`${name}: ${arg}`);
      if (op?.endsWith('-') && unset) return arg;
      return value ?? '';
    },
  );
}

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  user?: string;
  profiles?: string[];
  entrypoint?: string[];
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

const composeText = read('docker/docker-compose.yml');
const example = envFile(read('docker/.env.example'));
const compose = (env: Record<string, string>) =>
  parse(interpolate(composeText, env), { merge: true }) as Compose;

/** Dockerfile instructions, continuation lines joined and comments dropped, each with its stage. */
function dockerfile(text: string): { stage: number; op: string; args: string }[] {
  const joined = text.replace(/\\\n/g, ' ');
  const out: { stage: number; op: string; args: string }[] = [];
  let stage = -1;
  for (const line of joined.split('\n')) {
    const m = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!m || line.trim().startsWith('#')) continue;
    if (m[1] === 'FROM') stage++;
    out.push({ stage, op: m[1]!, args: m[2]!.trim().replace(/\s+/g, ' ') });
  }
  return out;
}

describe('Docker files', () => {
  const c = compose(example);
  const runner = c.services['rule-runner']!;
  const steps = dockerfile(read('docker/Dockerfile'));
  const last = Math.max(...steps.map((s) => s.stage));
  const runtime = steps.filter((s) => s.stage === last);

  describe('docker-compose.yml', () => {
    it('interpolates with .env.example, and names what is missing without it', () => {
      expect(Object.keys(c.services)).to.have.members([
        'setup',
        'es01',
        'kibana',
        'rule-runner-setup',
        'rule-runner',
        'sample',
      ]);
      expect(() => compose({})).to.throw(/PASSWORD: set \w+_PASSWORD in docker\/\.env/);
    });

    it('pins every image to a full version, the same for Elasticsearch and Kibana, one the tests run', () => {
      const images = Object.values(compose({ ...example, STACK_VERSION: '' }).services).map((s) => s.image!);
      for (const image of images) expect(image, image).to.match(/:\d+\.\d+\.\d+$|^rule-runner:local$/);
      const stack = new Set(
        images.filter((i) => i.startsWith('docker.elastic.co/')).map((i) => i.split(':')[1]),
      );
      expect([...stack]).to.deep.equal([example.STACK_VERSION]);
      expect(read('scripts/test.mjs')).to.include(`'${example.STACK_VERSION} `);
      expect(c.services.es01!.image).to.equal(
        `docker.elastic.co/elasticsearch/elasticsearch:${example.STACK_VERSION}`,
      );
      expect(c.services.kibana!.image).to.equal(`docker.elastic.co/kibana/kibana:${example.STACK_VERSION}`);
    });

    it('publishes 9200, 5601 and the metrics port on the loopback address only', () => {
      expect(c.services.es01!.ports).to.deep.equal(['127.0.0.1:9200:9200']);
      expect(c.services.kibana!.ports).to.deep.equal(['127.0.0.1:5601:5601']);
      const port = runner.command![runner.command!.indexOf('--metrics-port') + 1];
      expect(runner.ports).to.deep.equal([`127.0.0.1:9464:${port}`]);
      for (const s of Object.values(c.services))
        for (const p of s.ports ?? []) expect(p).to.match(/^127\.0\.0\.1:/);
    });

    it('runs Elasticsearch with security, TLS on HTTP and transport, and the password from .env', () => {
      const env = c.services.es01!.environment!;
      expect(env['xpack.security.enabled']).to.equal('true');
      expect(env['xpack.security.http.ssl.enabled']).to.equal('true');
      expect(env['xpack.security.transport.ssl.enabled']).to.equal('true');
      expect(env['xpack.security.http.ssl.certificate_authorities']).to.equal('certs/ca/ca.crt');
      expect(env.ELASTIC_PASSWORD).to.equal(example.ELASTIC_PASSWORD);
      expect(c.services.es01!.volumes).to.include('certs:/usr/share/elasticsearch/config/certs:ro');
    });

    it('makes the certificates in a one-shot setup service with elasticsearch-certutil', () => {
      const setup = c.services.setup!;
      expect(setup.image).to.equal(c.services.es01!.image);
      expect(setup.volumes).to.include('certs:/usr/share/elasticsearch/config/certs');
      const script = read('docker/setup-certs.sh');
      expect(script)
        .to.match(/elasticsearch-certutil ca /)
        .and.match(/elasticsearch-certutil cert /);
      expect(script).to.include('/_security/user/kibana_system/_password');
      const syntax = spawnSync('bash', ['-n', fileURLToPath(new URL('docker/setup-certs.sh', root))]);
      expect(syntax.status, String(syntax.stderr)).to.equal(0);
    });

    it("connects Kibana over TLS as kibana_system, with Security's encryption key", () => {
      const env = c.services.kibana!.environment!;
      expect(env.ELASTICSEARCH_HOSTS).to.equal('https://es01:9200');
      expect(env.ELASTICSEARCH_USERNAME).to.equal('kibana_system');
      expect(env.ELASTICSEARCH_PASSWORD).to.equal(example.KIBANA_PASSWORD);
      expect(env.ELASTICSEARCH_SSL_CERTIFICATEAUTHORITIES).to.equal('config/certs/ca/ca.crt');
      expect(env.XPACK_ENCRYPTEDSAVEDOBJECTS_ENCRYPTIONKEY).to.have.length.of.at.least(32);
    });

    it("gives rule-runner only environment names that src/es/client.ts's connectionFromEnv reads", () => {
      for (const service of ['rule-runner', 'rule-runner-setup', 'sample']) {
        const env = c.services[service]!.environment!;
        const names = Object.keys(env).filter((n) => n.startsWith('ELASTICSEARCH_'));
        expect(names).to.have.members([
          'ELASTICSEARCH_URL',
          'ELASTICSEARCH_API_KEY',
          'ELASTICSEARCH_USERNAME',
          'ELASTICSEARCH_PASSWORD',
          'ELASTICSEARCH_CA_CERT',
        ]);
        for (const name of names)
          expect(Object.keys(connectionFromEnv({ [name]: 'x' })), `${name} is read`).to.have.length(1);
        expect(env.ELASTICSEARCH_URL).to.equal('https://es01:9200');
        expect(env.ELASTICSEARCH_PASSWORD).to.equal(example.RULE_RUNNER_PASSWORD);
        // the CA lies in the certs volume as mounted into rule-runner
        expect(c.services[service]!.volumes).to.include('certs:/certs:ro');
        expect(env.ELASTICSEARCH_CA_CERT).to.match(/^\/certs\/ca\/ca\.crt$/);
      }
    });

    it('keeps no secret in the compose file itself: each password and key is a variable', () => {
      for (const line of composeText.split('\n')) {
        const m = /^\s*([\w.]*(PASSWORD|API_KEY|ENCRYPTIONKEY))\s*:\s*(.*)$/.exec(line);
        if (m) expect(m[3], m[1]).to.match(/^\$\{[A-Z_]+(:[-?][^}]*)?\}$/);
      }
    });

    it('mounts the rules read-only under /rules and the data volume at /data', () => {
      for (const service of ['rule-runner', 'rule-runner-setup']) {
        const volumes = c.services[service]!.volumes!;
        expect(
          volumes.filter((v) => /:\/rules(\/[^:]*)?:ro$/.test(v)),
          service,
        ).to.have.length(1);
        expect(volumes).to.include('rule-runner-data:/data');
      }
      expect(Object.keys(c.volumes)).to.include.members(['certs', 'esdata', 'rule-runner-data']);
    });

    it(`sets ${DATA_DIR_ENV}, the local store's directory that src/cli/local-mode.ts reads, to the /data volume`, () => {
      for (const service of ['rule-runner', 'rule-runner-setup'])
        expect(c.services[service]!.environment![DATA_DIR_ENV], service).to.equal('/data');
      expect(runtime.find((s) => s.op === 'ENV')!.args.split(/\s+/)).to.include(`${DATA_DIR_ENV}=/data`);
    });

    it('loads the sample only when asked (profile sample), with the script from docker/', () => {
      const sample = c.services.sample!;
      expect(sample.profiles).to.deep.equal(['sample']);
      expect(sample.entrypoint).to.deep.equal(['node', '/app/docker/load-sample.mjs']);
      expect(sample.volumes).to.include('./load-sample.mjs:/app/docker/load-sample.mjs:ro');
      expect(sample.depends_on).to.deep.equal({ es01: { condition: 'service_healthy' } });
      // the script finds rule-runner's client two levels up from itself, as /app/dist/src is in the image
      expect(read('docker/load-sample.mjs')).to.include("new URL('../dist/src/', import.meta.url)");
      expect(steps.some((s) => s.op === 'COPY' && s.args.endsWith(' ./dist/src'))).to.equal(true);
    });

    it('runs `setup`, then `run --rules /rules`, commands the real CLI takes', async () => {
      expect(c.services['rule-runner-setup']!.command).to.deep.equal(['setup']);
      expect(runner.command!.slice(0, 3)).to.deep.equal(['run', '--rules', '/rules']);
      for (const service of ['rule-runner', 'rule-runner-setup']) {
        const parsed = await parseWithProgram(c.services[service]!.command!);
        expect(parsed.error, service).to.equal('');
      }
      expect(runner.build).to.deep.equal({ context: '..', dockerfile: 'docker/Dockerfile' });
    });

    it('has a healthcheck on every long-running service and waits on them', () => {
      for (const name of ['setup', 'es01', 'kibana', 'rule-runner'])
        expect(c.services[name]!.healthcheck?.test, name).to.have.length.above(0);
      expect(JSON.stringify(runner.healthcheck!.test)).to.include('/healthz');
      expect(c.services.es01!.depends_on).to.deep.equal({ setup: { condition: 'service_healthy' } });
      expect(c.services.kibana!.depends_on).to.deep.equal({ es01: { condition: 'service_healthy' } });
      expect(runner.depends_on).to.deep.equal({
        es01: { condition: 'service_healthy' },
        'rule-runner-setup': { condition: 'service_completed_successfully' },
      });
    });

    it('is valid for the Compose client, where one exists', function () {
      const env = fileURLToPath(new URL('docker/.env.example', root));
      const clients: [string, string[]][] = [
        ['docker', ['compose']],
        ['docker-compose', []],
      ];
      const found = clients.find(([cmd, args]) => spawnSync(cmd, [...args, 'version']).status === 0);
      if (!found) {
        console.log(
          '    (skipped: no `docker compose` plugin nor `docker-compose` here to validate the file)',
        );
        this.skip();
      }
      const r = spawnSync(found[0], [...found[1], '--env-file', env, 'config', '--quiet'], {
        cwd: dockerDir,
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).to.equal(0);
    });
  });

  describe('Dockerfile', () => {
    it('builds in stages FROM node:20 images pinned to a full version that package.json accepts', () => {
      const from = steps.filter((s) => s.op === 'FROM').map((s) => s.args);
      expect(from.length).to.be.at.least(2);
      const arg = /^NODE_VERSION=(\d+)\.(\d+)\.(\d+)$/.exec(
        steps.find((s) => s.op === 'ARG' && s.args.startsWith('NODE_VERSION='))!.args,
      );
      expect(arg, 'ARG NODE_VERSION=x.y.z').to.not.equal(null);
      const [major, minor] = [Number(arg![1]), Number(arg![2])];
      const engines = /^>=(\d+)\.(\d+)/.exec(
        (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node,
      )!;
      expect(major).to.equal(Number(engines[1]));
      expect(minor).to.be.at.least(Number(engines[2]));
      for (const f of from) expect(f).to.match(/^node:\$\{NODE_VERSION\}-bookworm(-slim)? AS \w+$/);
      expect(from[from.length - 1]).to.match(/-slim AS runtime$/);
    });

    it('installs production dependencies only (npm ci --omit=dev) for the runtime, from a stage with a toolchain', () => {
      const copies = runtime.filter((s) => s.op === 'COPY').map((s) => s.args);
      const modules = /^--from=(\w+) \/app\/node_modules /.exec(
        copies.find((a) => a.includes('node_modules'))!,
      );
      const source = steps.find((s) => s.op === 'FROM' && s.args.endsWith(`AS ${modules![1]}`))!;
      expect(source.args).to.not.include('-slim');
      const runs = steps.filter((s) => s.stage === source.stage && s.op === 'RUN').map((s) => s.args);
      expect(runs).to.deep.equal(['npm ci --omit=dev --no-audit --no-fund']);
      expect(
        runtime
          .filter((s) => s.op === 'RUN')
          .map((s) => s.args)
          .join(' '),
      ).to.not.match(/npm (ci|install)/);
      expect(copies).to.include('--from=build /app/dist/src ./dist/src');
    });

    it('runs as a non-root user, `rule-runner run --rules /rules` by default, with /rules and /data volumes', () => {
      const ops = runtime.map((s) => s.op);
      const user = runtime.find((s) => s.op === 'USER')!.args;
      expect(user).to.not.match(/^(root|0)(:|$)/);
      expect(ops.indexOf('USER')).to.be.below(ops.indexOf('ENTRYPOINT'));
      expect(ops.lastIndexOf('USER')).to.equal(ops.indexOf('USER'));
      expect(runtime.find((s) => s.op === 'ENTRYPOINT')!.args).to.equal('["rule-runner"]');
      expect(runtime.find((s) => s.op === 'CMD')!.args).to.equal('["run", "--rules", "/rules"]');
      expect(runtime.find((s) => s.op === 'VOLUME')!.args).to.equal('["/rules", "/data"]');
      expect(runtime.find((s) => s.op === 'RUN')!.args).to.include(
        'ln -s /app/dist/src/cli/main.js /usr/local/bin/rule-runner',
      );
      // local mode refuses to start without its events directory (EVENTS_DIR_MISSING): an empty /data has one
      expect(runtime.find((s) => s.op === 'RUN')!.args).to.match(
        /mkdir -p \/rules \/data\/events && chown -R node:node \/data$/,
      );
    });

    it('.dockerignore leaves out secrets, tests and local builds, and keeps what the build copies', () => {
      const ignored = read('.dockerignore')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'));
      expect(ignored).to.include.members(['.git', 'node_modules', 'dist', 'data', 'test', '.env', 'docker']);
      const copied = steps
        .filter((s) => s.op === 'COPY' && !s.args.startsWith('--from'))
        .flatMap((s) => s.args.split(' ').slice(0, -1));
      expect([...new Set(copied)]).to.have.members([
        'package.json',
        'package-lock.json',
        'tsconfig.json',
        'src',
      ]);
      for (const path of copied) expect(ignored, path).to.not.include(path);
    });
  });
});
