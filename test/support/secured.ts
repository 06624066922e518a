/**
 * The secured cluster for tests tagged @secured: scripts/test.mjs starts one with `ES_SECURITY=1 scripts/es.sh`
 * and sets ES_URL (https), ES_CA_CERT and ES_ADMIN_USER/ES_ADMIN_PASSWORD (a superuser). Such tests never skip:
 * without them they fail, and `npm test` does not run them without a secured cluster.
 */
import { readFileSync } from 'node:fs';
import { connect, type Connection } from '../../src/es/client.js';
import { REPO_ROOT } from './paths.js';
import { join } from 'node:path';

export interface SecuredCluster {
  url: string;
  caCert: string;
  adminUser: string;
  adminPassword: string;
}

export function securedCluster(): SecuredCluster {
  const { ES_URL, ES_CA_CERT, ES_ADMIN_USER, ES_ADMIN_PASSWORD } = process.env;
  if (!ES_URL?.startsWith('https://') || !ES_CA_CERT || !ES_ADMIN_USER || !ES_ADMIN_PASSWORD)
    throw new Error(
      'ES_URL (https://), ES_CA_CERT, ES_ADMIN_USER and ES_ADMIN_PASSWORD must be set: run @secured tests through `npm test` (scripts/test.mjs)',
    );
  return { url: ES_URL, caCert: ES_CA_CERT, adminUser: ES_ADMIN_USER, adminPassword: ES_ADMIN_PASSWORD };
}

/** The superuser's connection, to create roles, users, keys and events, and to read what the CLI wrote. */
export function adminConnection(c: SecuredCluster = securedCluster()): Promise<Connection> {
  return connect({ url: c.url, username: c.adminUser, password: c.adminPassword, caCert: c.caCert });
}

export type RoleName = 'rule-runner' | 'rule-runner-setup';

/** A role as docs/roles/NAME.json writes it: what the tests create is what the docs tell users to create. */
export function roleFile(name: RoleName): RoleDescriptor {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'docs', 'roles', `${name}.json`), 'utf8')) as RoleDescriptor;
}

export interface RoleDescriptor {
  cluster: string[];
  indices: Array<{ names: string[]; privileges: string[]; allow_restricted_indices?: boolean }>;
}

export async function putRole(admin: Connection, name: string, role: RoleDescriptor): Promise<void> {
  await admin.client.security.putRole({ name, ...role } as never);
}

export async function putUser(
  admin: Connection,
  username: string,
  password: string,
  roles: string[],
): Promise<void> {
  await admin.client.security.putUser({ username, password, roles, refresh: 'true' } as never);
}

export interface ApiKey {
  id: string;
  api_key: string;
  encoded: string;
}

/** An API key limited to `roles` (role descriptors by name), expiring after `expiration` when given. */
export async function createApiKey(
  admin: Connection,
  name: string,
  roles: Record<string, RoleDescriptor>,
  expiration?: string,
): Promise<ApiKey> {
  const res = await admin.client.security.createApiKey({
    name,
    role_descriptors: roles,
    ...(expiration ? { expiration } : {}),
  } as never);
  return { id: res.id, api_key: res.api_key, encoded: res.encoded };
}

/** What a user sets to point rule-runner at the cluster: the URL, the CA, and a key or a user and password. */
export function basicEnv(c: SecuredCluster, username: string, password: string): NodeJS.ProcessEnv {
  return {
    ELASTICSEARCH_URL: c.url,
    ELASTICSEARCH_CA_CERT: c.caCert,
    ELASTICSEARCH_USERNAME: username,
    ELASTICSEARCH_PASSWORD: password,
  };
}

export function apiKeyEnv(c: SecuredCluster, key: string): NodeJS.ProcessEnv {
  return { ELASTICSEARCH_URL: c.url, ELASTICSEARCH_CA_CERT: c.caCert, ELASTICSEARCH_API_KEY: key };
}

/** The non-empty lines of a command's standard error. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}
