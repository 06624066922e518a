/**
 * Hosts and their processes. A host's identity depends only on (seed, index), so a fleet of any size is built
 * lazily and the same host looks the same whatever else is generated.
 */
import { AGENT_VERSIONS, HOST_KINDS, MACOS_RELEASES, USER_NAMES, type ProgramSpec } from './catalog.js';
import type { ProcObjects } from './ecs.js';
import { Prng } from './prng.js';

export interface UserRef {
  id: string;
  name: string;
}

export interface Proc {
  entityId: string;
  pid: number;
  name: string;
  executable: string;
  args: readonly string[];
  commandLine: string;
  parent: Proc | null;
  user: UserRef;
  workingDirectory: string;
  /** The process's ECS objects, built on first use (ecs.ts). */
  objects?: ProcObjects;
}

export const ROOT: UserRef = { id: '0', name: 'root' };

export class Host {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly ip: string;
  readonly user: UserRef;
  /** The `host` object of every event of this host (shared: treat as read-only). */
  readonly ecs: Record<string, unknown>;
  readonly agent: Record<string, unknown>;
  readonly launchd: Proc;
  private nextPid: number;
  private spawned = 0;
  private readonly agentTag: string;
  private terminalShell: Proc | null = null;
  private readonly residents = new Map<string, Proc>();

  constructor(seed: number, index: number) {
    const r = new Prng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
    this.index = index;
    this.id = r.uuid().toUpperCase();
    const userName = r.pick(USER_NAMES);
    this.user = { id: String(501 + r.int(3)), name: userName };
    this.name = `${userName}s-${r.pick(HOST_KINDS)}-${index}`;
    this.ip = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
    const [version, kernel] = r.pick(MACOS_RELEASES);
    const mac = r
      .hex(12)
      .match(/../g)!
      .map((x) => x.toUpperCase())
      .join('-');
    this.ecs = {
      architecture: r.chance(0.8) ? 'arm64' : 'x86_64',
      hostname: this.name,
      id: this.id,
      ip: [this.ip, `fe80::${r.hex(4)}:${r.hex(4)}:${r.hex(4)}:${r.hex(4)}`],
      mac: [mac],
      name: this.name,
      os: {
        Ext: { variant: 'macOS' },
        family: 'macos',
        full: `macOS ${version}`,
        kernel,
        name: 'macOS',
        platform: 'macos',
        type: 'macos',
        version,
      },
    };
    const agentId = r.uuid();
    this.agentTag = agentId.slice(0, 8);
    this.agent = { id: agentId, type: 'endpoint', version: r.pick(AGENT_VERSIONS) };
    this.nextPid = 300 + r.int(20000);
    this.launchd = {
      entityId: this.entityId(1),
      pid: 1,
      name: 'launchd',
      executable: '/sbin/launchd',
      args: ['/sbin/launchd'],
      commandLine: '/sbin/launchd',
      parent: null,
      user: ROOT,
      workingDirectory: '/',
    };
  }

  /** Endpoint's entity ids are opaque base64; unique per host through the spawn counter. */
  private entityId(pid: number): string {
    return Buffer.from(`${this.agentTag}-${pid}-${++this.spawned}`).toString('base64');
  }

  /** A new process (its events are the caller's business). `{domain}` in arguments is replaced. */
  spawn(parent: Proc, spec: ProgramSpec, r: Prng, opts: { user?: UserRef; domain?: string } = {}): Proc {
    let args = r.pick(spec.argv);
    if (opts.domain !== undefined) args = args.map((a) => a.replace('{domain}', opts.domain!));
    this.nextPid = this.nextPid >= 99990 ? 300 : this.nextPid + 1 + r.int(3);
    const pid = this.nextPid;
    const user = opts.user ?? parent.user;
    return {
      entityId: this.entityId(pid),
      pid,
      name: spec.name,
      executable: spec.executable,
      args,
      commandLine: args.join(' '),
      parent,
      user,
      workingDirectory: user === ROOT ? '/' : `/Users/${user.name}`,
    };
  }

  /** The user's interactive shell (Terminal → zsh), started before the data begins. */
  shell(r: Prng, terminal: ProgramSpec, login: ProgramSpec): Proc {
    if (this.terminalShell === null) {
      const term = this.spawn(this.launchd, terminal, r, { user: this.user });
      this.terminalShell = this.spawn(term, login, r);
    }
    return this.terminalShell;
  }

  /** A long-running program (browser, daemon) started before the data begins. */
  resident(spec: ProgramSpec, r: Prng, user: UserRef): Proc {
    let p = this.residents.get(spec.executable);
    if (p === undefined) {
      p = this.spawn(this.launchd, spec, r, { user });
      this.residents.set(spec.executable, p);
    }
    return p;
  }
}
