/**
 * Event documents shaped as Elastic Defend writes them on macOS (ECS; `event.category` and `event.type` are
 * arrays, objects nested). Objects shared between events (host, agent, args) must be treated as read-only.
 */
import type { Host, Proc } from './hosts.js';
import type { Prng } from './prng.js';

export type EcsEvent = Record<string, unknown>;

export type ProcessAction = 'fork' | 'exec' | 'end';
export type NetworkAction = 'connection_attempted' | 'disconnect_received';

/**
 * Top-level members our events share with other events (same object): host, agent, user, the process's objects,
 * constants. toJson serialises each of those objects once.
 */
const SHARED_MEMBERS = new Set(['agent', 'data_stream', 'ecs', 'host', 'network', 'process', 'user']);
const jsonCache = new WeakMap<object, string>();

function sharedJson(v: object): string {
  let json = jsonCache.get(v);
  if (json === undefined) {
    json = JSON.stringify(v);
    jsonCache.set(v, json);
  }
  return json;
}

/**
 * `JSON.stringify(e)`, byte for byte, for the events of this generator, whose shared members (see SHARED_MEMBERS)
 * are never mutated: those are serialised once, and most of an event's bytes are its host's and its process's.
 */
export function toJson(e: EcsEvent): string {
  let s = '{';
  let first = true;
  for (const k in e) {
    const v = e[k];
    if (v === undefined) continue;
    const json =
      typeof v === 'object' && v !== null && SHARED_MEMBERS.has(k) ? sharedJson(v) : JSON.stringify(v);
    s += (first ? '"' : ',"') + k + '":' + json;
    first = false;
  }
  return s + '}';
}

const ECS = { version: '8.11.0' };
const DS_PROCESS = { dataset: 'endpoint.events.process', namespace: 'default', type: 'logs' };
const DS_NETWORK = { dataset: 'endpoint.events.network', namespace: 'default', type: 'logs' };
const PROCESS = ['process'];
const NETWORK = ['network'];
const START = ['start'];
const END = ['end'];
const NET_EGRESS = { direction: 'egress', transport: 'tcp', type: 'ipv4' };
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export interface Destination {
  domain: string;
  ip: string;
  port: number;
}

export class EventFactory {
  private counter = 0;

  constructor(private readonly r: Prng) {}

  /**
   * Endpoint's event ids are 24 opaque characters; ours are 12 random ones then the build counter (base 64), so they
   * are unique within a run.
   */
  nextId(): string {
    let s = '';
    let x = this.r.u32();
    let y = this.r.u32();
    for (let i = 0; i < 6; i++) {
      s += ID_CHARS[x & 63] + ID_CHARS[y & 63];
      x >>>= 5;
      y >>>= 5;
    }
    let n = ++this.counter;
    let tail = '';
    for (let i = 0; i < 12; i++) {
      tail = ID_CHARS[n % 64] + tail;
      n = Math.floor(n / 64);
    }
    return s + tail;
  }

  process(host: Host, p: Proc, action: ProcessAction, ms: number): EcsEvent {
    const proc = processObject(p, action === 'end');
    return {
      '@timestamp': new Date(ms).toISOString(),
      agent: host.agent,
      data_stream: DS_PROCESS,
      ecs: ECS,
      event: {
        action,
        category: PROCESS,
        dataset: 'endpoint.events.process',
        id: this.nextId(),
        kind: 'event',
        module: 'endpoint',
        type: action === 'end' ? END : START,
      },
      host: host.ecs,
      message: 'Endpoint process event',
      process: proc,
      user: p.user,
    };
  }

  network(
    host: Host,
    p: Proc,
    action: NetworkAction,
    dest: Destination,
    sourcePort: number,
    ms: number,
  ): EcsEvent {
    const destination: Record<string, unknown> = { address: dest.ip, ip: dest.ip, port: dest.port };
    if (dest.domain !== '') destination.domain = dest.domain;
    return {
      '@timestamp': new Date(ms).toISOString(),
      agent: host.agent,
      data_stream: DS_NETWORK,
      destination,
      ecs: ECS,
      event: {
        action,
        category: NETWORK,
        dataset: 'endpoint.events.network',
        id: this.nextId(),
        kind: 'event',
        module: 'endpoint',
        type: action === 'connection_attempted' ? START : END,
      },
      host: host.ecs,
      message: 'Endpoint network event',
      network: NET_EGRESS,
      process: networkProcessObject(p),
      source: { address: host.ip, ip: host.ip, port: sourcePort },
      user: p.user,
    };
  }
}

export interface ProcObjects {
  running?: Record<string, unknown>;
  ended?: Record<string, unknown>;
  network?: Record<string, unknown>;
}

/** A process's ECS objects are the same in all its events: built (and serialised) once per process. */
function objectsOf(p: Proc): ProcObjects {
  return (p.objects ??= {});
}

/** The fields of `process` (or `process.parent`); network events carry no command line. */
function processFields(p: Proc, withCommandLine: boolean): Record<string, unknown> {
  return {
    ...(withCommandLine ? { args: p.args, args_count: p.args.length, command_line: p.commandLine } : {}),
    entity_id: p.entityId,
    executable: p.executable,
    name: p.name,
    pid: p.pid,
  };
}

function processObject(p: Proc, ended: boolean): Record<string, unknown> {
  const o = objectsOf(p);
  const cached = ended ? o.ended : o.running;
  if (cached !== undefined) return cached;
  const proc = processFields(p, true);
  if (p.parent !== null) proc.parent = processFields(p.parent, true);
  proc.working_directory = p.workingDirectory;
  if (ended) proc.exit_code = 0;
  if (ended) o.ended = proc;
  else o.running = proc;
  return proc;
}

function networkProcessObject(p: Proc): Record<string, unknown> {
  const o = objectsOf(p);
  if (o.network !== undefined) return o.network;
  const proc = processFields(p, false);
  if (p.parent !== null) proc.parent = processFields(p.parent, false);
  return (o.network = proc);
}
