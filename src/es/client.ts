import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from '@elastic/elasticsearch';

type ClientOptions = ConstructorParameters<typeof Client>[0];
import { UserError } from '../errors.js';
import { securityProblem } from './security-errors.js';

/** How to reach a cluster. Secrets stay in this object and are never logged or put in error messages. */
export interface ConnectionOptions {
  url: string;
  apiKey?: string;
  username?: string;
  password?: string;
  /** Path of a PEM CA certificate for TLS. */
  caCert?: string;
  requestTimeoutMs?: number;
}

export interface Connection {
  client: Client;
  /** Major version of the cluster, e.g. 8 or 9. */
  major: number;
  version: string;
  /** The URL without credentials, safe to print. */
  displayUrl: string;
}

/** Connection options from the environment (ELASTICSEARCH_URL, _API_KEY, _USERNAME, _PASSWORD, _CA_CERT). */
export function connectionFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<ConnectionOptions> {
  const out: Partial<ConnectionOptions> = {};
  if (env.ELASTICSEARCH_URL) out.url = env.ELASTICSEARCH_URL;
  if (env.ELASTICSEARCH_API_KEY) out.apiKey = env.ELASTICSEARCH_API_KEY;
  if (env.ELASTICSEARCH_USERNAME) out.username = env.ELASTICSEARCH_USERNAME;
  if (env.ELASTICSEARCH_PASSWORD) out.password = env.ELASTICSEARCH_PASSWORD;
  if (env.ELASTICSEARCH_CA_CERT) out.caCert = env.ELASTICSEARCH_CA_CERT;
  return out;
}

/** The connection flags every cluster command takes (`--es-url`, `--api-key`, …). */
export interface ConnectionFlags {
  esUrl?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  caCert?: string;
}

/** The flags over `$ELASTICSEARCH_*`; null when neither names a URL (the caller says what it needs one for). */
export function connectionOptions(
  flags: ConnectionFlags,
  envVars: NodeJS.ProcessEnv = process.env,
): ConnectionOptions | null {
  const env = connectionFromEnv(envVars);
  const url = flags.esUrl ?? env.url;
  if (!url) return null;
  return {
    url,
    apiKey: flags.apiKey ?? env.apiKey,
    username: flags.username ?? env.username,
    password: flags.password ?? env.password,
    caCert: flags.caCert ?? env.caCert,
  };
}

/** A URL with any user:password part removed. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '<invalid url>';
  }
}

/**
 * The node's version. Tried once without the client's retries first: a refused certificate or plain HTTP on a TLS
 * port fails the same way every time, and the retries' back-off would keep the user waiting seconds for the line
 * saying so; any other failure is tried again as every request is.
 */
async function nodeVersion(client: Client, options: ConnectionOptions, protocol: string): Promise<string> {
  const probe = (maxRetries?: number) =>
    client.transport.request<{ nodes: Record<string, { version: string }> }>(
      { method: 'GET', path: '/_nodes/_local', querystring: { filter_path: 'nodes.*.version' } },
      { headers: { accept: 'application/json' }, ...(maxRetries === undefined ? {} : { maxRetries }) },
    );
  let res;
  try {
    res = await probe(0);
  } catch (e) {
    if (esStatusOf(e) || securityProblem(e, { caCert: options.caCert, protocol })) throw e;
    res = await probe();
  }
  return Object.values(res.nodes)[0]?.version ?? '';
}

function esStatusOf(e: unknown): number | undefined {
  return (e as { meta?: { statusCode?: number } }).meta?.statusCode || undefined;
}

/**
 * Creates a client and learns the cluster's version. The 9.x client asks for `compatible-with=9` media types,
 * which 8.x clusters reject, so against an 8.x cluster the client is rebuilt to ask for `compatible-with=8`.
 */
export async function connect(options: ConnectionOptions): Promise<Connection> {
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw new UserError('ES_URL_INVALID', `invalid Elasticsearch URL: ${redactUrl(options.url)}`);
  }
  const displayUrl = redactUrl(parsed.toString());
  const base: ClientOptions = { node: parsed.toString(), requestTimeout: options.requestTimeoutMs ?? 60_000 };
  if (options.apiKey) base.auth = { apiKey: options.apiKey };
  else if (options.username) base.auth = { username: options.username, password: options.password ?? '' };
  if (options.caCert) base.tls = { ca: readCaCert(options.caCert) };
  const probe = new Client(base);
  let version: string;
  try {
    version = await nodeVersion(probe, options, parsed.protocol);
  } catch (e) {
    await probe.close();
    const problem = securityProblem(e, { caCert: options.caCert, protocol: parsed.protocol });
    if (problem) throw new UserError(problem.code, `Elasticsearch at ${displayUrl}: ${problem.message}`);
    throw new UserError(
      'ES_UNREACHABLE',
      `cannot reach Elasticsearch at ${displayUrl}: ${describeEsError(e)}`,
    );
  }
  const major = Number.parseInt(version, 10);
  if (!(major >= 8)) {
    await probe.close();
    throw new UserError(
      'ES_VERSION',
      `Elasticsearch ${version || '(unknown)'} at ${displayUrl} is not supported (8.x or 9.x needed)`,
    );
  }
  if (major >= 9) return { client: probe, major, version, displayUrl };
  await probe.close();
  const compat = `application/vnd.elasticsearch+json; compatible-with=${major}`;
  const client = new Client({ ...base, headers: { accept: compat, 'content-type': compat } });
  return { client, major, version, displayUrl };
}

/**
 * The PEM CA certificate at `path`. Node skips a CA it cannot parse without a word, which would surface later
 * as "not signed by the CA": a file that is not a certificate is named here instead.
 */
function readCaCert(path: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (e) {
    throw new UserError('ES_CA_CERT', `cannot read CA certificate ${path}: ${(e as Error).message}`);
  }
  try {
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate');
    new X509Certificate(pem);
  } catch {
    throw new UserError(
      'ES_CA_CERT',
      `CA certificate ${path} is not a PEM certificate (-----BEGIN CERTIFICATE-----)`,
    );
  }
  return pem;
}

/**
 * A one-line reason from a client error, without request bodies or credentials; a security refusal as
 * `securityProblem` words it (without the API key id Elasticsearch's reason carries).
 */
export function describeEsError(e: unknown): string {
  const problem = securityProblem(e);
  if (problem) return problem.message;
  const err = e as { name?: string; message?: string; meta?: { statusCode?: number; body?: unknown } };
  const body = err.meta?.body as { error?: { type?: string; reason?: string } } | undefined;
  if (body?.error?.type)
    return `${err.meta?.statusCode ?? ''} ${body.error.type}: ${body.error.reason ?? ''}`.trim();
  const msg = (err.message ?? String(e)).split('\n')[0] ?? '';
  return redactSecrets(`${err.name ?? 'Error'}: ${msg}`);
}

/** Removes credentials that may appear in URLs inside a message. */
export function redactSecrets(text: string): string {
  return text.replace(/(\w+:\/\/)[^/@\s]+@/g, '$1');
}
