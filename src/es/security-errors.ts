/**
 * A secured cluster's refusals as one line that names the problem and what to change: a rejected password or
 * API key (401), a missing privilege (403, with the privilege, the index and the action Elasticsearch names), or
 * a TLS failure (the server's certificate not signed by the CA given, or no CA given). Elasticsearch's own text
 * carries an API key's id ("API key id [..] of user [..]", "apikey authentication for id .."): it is never
 * repeated, as the id is half of the key.
 */

export type SecurityCode = 'ES_AUTH' | 'ES_API_KEY' | 'ES_TLS' | 'ES_FORBIDDEN';

export interface SecurityProblem {
  code: SecurityCode;
  message: string;
}

/** What the client was given, for a TLS message that says which setting to change. */
export interface TlsContext {
  /** The CA certificate's path, when one was given. */
  caCert?: string;
  /** The URL's scheme: `http:` against a TLS port fails differently. */
  protocol?: string;
}

interface ClientErrorShape {
  name?: string;
  message?: string;
  meta?: { statusCode?: number; body?: unknown };
}

interface SecurityBody {
  error?: { type?: string; reason?: string; additional_unsuccessful_credentials?: string };
}

const CA_SETTING = 'ELASTICSEARCH_CA_CERT (or --ca-cert)';

/** The security problem `e` is, or null when it is something else. */
export function securityProblem(e: unknown, tls: TlsContext = {}): SecurityProblem | null {
  const err = e as ClientErrorShape;
  const status = err.meta?.statusCode;
  const body = err.meta?.body as SecurityBody | undefined;
  if (status === 401) return authProblem(body);
  if (status === 403 && body?.error?.type === 'security_exception')
    return forbiddenProblem(body.error.reason ?? '');
  // the answer to a HEAD request (does this index or alias exist?) has no body to say which privilege
  if (status === 403 && !body?.error)
    return {
      code: 'ES_FORBIDDEN',
      message:
        'forbidden (403, without a reason: an existence check), most likely the view_index_metadata privilege is missing on that index; see docs/privileges.md',
    };
  if (!status && err.name === 'ConnectionError') return tlsProblem(err.message ?? '', tls);
  return null;
}

function authProblem(body: SecurityBody | undefined): SecurityProblem {
  const reason = body?.error?.reason ?? '';
  const extra = body?.error?.additional_unsuccessful_credentials ?? '';
  if (/^API key:/i.test(extra)) {
    const why = /expired/i.test(extra) ? 'the key has expired' : 'no such key, or a wrong secret';
    return {
      code: 'ES_API_KEY',
      message: `API key rejected (expired or invalid: ${why}); create a new key and set ELASTICSEARCH_API_KEY to its "encoded" value`,
    };
  }
  const user = /unable to authenticate user \[([^\]]*)\]/.exec(reason)?.[1];
  if (user !== undefined)
    return {
      code: 'ES_AUTH',
      message: `authentication failed for user ${user} (wrong password, or no such user); check ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD`,
    };
  if (/missing authentication credentials/i.test(reason))
    return {
      code: 'ES_AUTH',
      message:
        'the cluster requires authentication: set ELASTICSEARCH_API_KEY, or ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD',
    };
  return { code: 'ES_AUTH', message: 'authentication failed (401): the credentials were refused' };
}

/**
 * `action [A] is unauthorized for user [U] ... on indices [I], this action is granted by the index privileges
 * [P,...]` (or `cluster privileges`): the first privilege listed is the narrowest that grants the action.
 */
export function forbiddenProblem(reason: string): SecurityProblem {
  const action = /action \[(.+?)\] is unauthorized/.exec(reason)?.[1];
  const who = principal(reason);
  const indices = /on indices \[([^\]]*)\]/.exec(reason)?.[1];
  const granted = /granted by the (index|cluster) privileges \[([^\]]*)\]/.exec(reason);
  const privilege = granted?.[2]?.split(',')[0]?.trim();
  if (action && privilege) {
    const where = granted![1] === 'cluster' ? 'cluster privilege' : 'privilege';
    const on = indices ? ` on index ${indices}` : '';
    return {
      code: 'ES_FORBIDDEN',
      message: `missing ${where} ${privilege}${on} for action ${action} (${who}); see docs/privileges.md`,
    };
  }
  return {
    code: 'ES_FORBIDDEN',
    message: `forbidden (403)${action ? ` for action ${action}` : ''} (${who}); see docs/privileges.md`,
  };
}

/** Who was refused, as the reason names them, without an API key's id. */
function principal(reason: string): string {
  const keyOwner = /for API key id \[[^\]]*\] of user \[([^\]]*)\]/.exec(reason);
  if (keyOwner) return `the API key of user ${keyOwner[1]}`;
  const user = /for user \[([^\]]*)\]/.exec(reason);
  return user ? `user ${user[1]}` : 'this user';
}

const UNTRUSTED =
  /unable to verify the first certificate|self[- ]signed certificate|unable to get (local )?issuer certificate|certificate signature failure/i;

function tlsProblem(message: string, tls: TlsContext): SecurityProblem | null {
  if (UNTRUSTED.test(message))
    return {
      code: 'ES_TLS',
      message: tls.caCert
        ? `TLS: the server's certificate is not signed by the CA in ${CA_SETTING} (${tls.caCert})`
        : `TLS: the server's certificate is not signed by a trusted CA; set ${CA_SETTING} to the cluster's CA certificate (PEM)`,
    };
  if (/certificate has expired|certificate is not yet valid/i.test(message))
    return {
      code: 'ES_TLS',
      message: `TLS: the server's certificate ${/expired/i.test(message) ? 'has expired' : 'is not valid yet'}`,
    };
  if (/altnames|ERR_TLS_CERT_ALTNAME_INVALID/i.test(message))
    return {
      code: 'ES_TLS',
      message:
        "TLS: the server's certificate is not for this host name; use a host name the certificate names",
    };
  if (/wrong version number|packet length too long|unknown protocol/i.test(message))
    return { code: 'ES_TLS', message: 'TLS: the server does not speak TLS; use an http:// URL' };
  if (tls.protocol === 'http:' && /other side closed|socket hang up|ECONNRESET/i.test(message))
    return {
      code: 'ES_TLS',
      message: 'the server closed the connection on plain HTTP: if it serves HTTPS, use an https:// URL',
    };
  return null;
}
