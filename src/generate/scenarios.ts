/**
 * Scenarios: short stories on one host (a shell command, a daemon phoning home, a package install) told as the
 * events Defend records. Besides ordinary background activity, several near misses of the seed rule (rule.json:
 * installer child shell, then a downloader's connection within 15 s on the same host) exercise every way a
 * sequence can fail, and `planted` tells the one way it succeeds, reporting the pair that must match.
 */
import {
  BENIGN_DESTINATIONS,
  BROWSERS,
  DOWNLOADERS,
  INSTALL_STEPS,
  INSTALLER,
  INSTALLER_NON_SHELL_CHILDREN,
  LAUNCHED_DAEMONS,
  LOGIN_SHELL,
  NETWORK_DAEMONS,
  OTHER_NETWORK_TOOLS,
  PACKAGE_SCRIPT_SERVICE,
  SCRIPT_INTERPRETERS,
  SHELL_COMMANDS,
  SUSPICIOUS_DESTINATIONS,
  TERMINAL,
} from './catalog.js';
import type { Destination, EcsEvent, EventFactory } from './ecs.js';
import { ROOT, type Host, type Proc } from './hosts.js';
import type { Prng } from './prng.js';

/** The seed rule's maxspan. */
export const RULE_MAXSPAN_MS = 15_000;

/** A sequence the generator planted: rule.json's query must return exactly these. */
export interface PlantedSequence {
  hostId: string;
  /** process.entity_id of the installer's child (the join key with host.id). */
  entityId: string;
  /** event.id of the stage-1 event (child exec) and of the stage-2 event (the downloader's connection). */
  eventIds: [string, string];
  /** Epoch milliseconds of the two events. */
  timestamps: [number, number];
  /** host.name and user.name of the two events, for the people reading a sample's summary. */
  hostName: string;
  userName: string;
  /** process.name from the installer to the downloader: installer's (or package_script_service's) child, its child. */
  chain: [string, string, string];
}

export interface ScenarioContext {
  readonly r: Prng;
  readonly f: EventFactory;
  /** A host picked at random; `other` one different from `h` (null with a single host). */
  host(): Host;
  otherHost(h: Host): Host | null;
  /** Schedules an event at epoch ms `ms` (events at the same ms keep scheduling order). */
  at(ms: number, e: EcsEvent): void;
  plant(p: PlantedSequence): void;
}

export type Scenario = (ctx: ScenarioContext, t: number) => void;

const HTTPS = 443;

function benign(r: Prng): Destination {
  const [domain, ip] = r.pick(BENIGN_DESTINATIONS);
  return { domain, ip, port: HTTPS };
}

function suspicious(r: Prng): Destination {
  const [domain, ip] = r.pick(SUSPICIOUS_DESTINATIONS);
  return { domain, ip, port: r.chance(0.8) ? HTTPS : 80 };
}

function ephemeralPort(r: Prng): number {
  return 49152 + r.int(16384);
}

/** The fork event of a child, which still runs its parent's image. */
function forkView(child: Proc): Proc {
  const p = child.parent!;
  return {
    ...child,
    name: p.name,
    executable: p.executable,
    args: p.args,
    commandLine: p.commandLine,
    objects: undefined,
  };
}

/** fork + exec + end of a short-lived process; returns the end time. */
function runProcess(ctx: ScenarioContext, h: Host, p: Proc, t: number, durationMs: number): number {
  ctx.at(t, ctx.f.process(h, forkView(p), 'fork', t));
  ctx.at(t + 1, ctx.f.process(h, p, 'exec', t + 1));
  const end = t + 1 + durationMs;
  ctx.at(end, ctx.f.process(h, p, 'end', end));
  return end;
}

/** connection_attempted then disconnect_received; returns the attempt event. */
function connect(
  ctx: ScenarioContext,
  h: Host,
  p: Proc,
  dest: Destination,
  t: number,
  durationMs: number,
): EcsEvent {
  const port = ephemeralPort(ctx.r);
  const attempt = ctx.f.network(h, p, 'connection_attempted', dest, port, t);
  ctx.at(t, attempt);
  ctx.at(t + durationMs, ctx.f.network(h, p, 'disconnect_received', dest, port, t + durationMs));
  return attempt;
}

/** A package install: `installer` run with sudo from Terminal, or package_script_service started by launchd. */
function installerProcess(ctx: ScenarioContext, h: Host, t: number): Proc {
  if (ctx.r.chance(0.5)) {
    const inst = h.spawn(h.shell(ctx.r, TERMINAL, LOGIN_SHELL), INSTALLER, ctx.r, { user: ROOT });
    ctx.at(t, ctx.f.process(h, inst, 'exec', t));
    return inst;
  }
  return h.resident(PACKAGE_SCRIPT_SERVICE, ctx.r, ROOT);
}

/** Browsers and chat clients: one to three connections of an already running helper. */
const browsing: Scenario = (ctx, t) => {
  const h = ctx.host();
  const p = h.resident(ctx.r.pick(BROWSERS), ctx.r, h.user);
  const n = 1 + ctx.r.int(3);
  for (let i = 0; i < n; i++) {
    const at = t + i * ctx.r.range(1, 400);
    if (i === n - 1 && ctx.r.chance(0.5))
      ctx.at(at, ctx.f.network(h, p, 'connection_attempted', benign(ctx.r), ephemeralPort(ctx.r), at));
    else connect(ctx, h, p, benign(ctx.r), at, ctx.r.range(20, 3000));
  }
};

/** The single-event fallback when little room is left: one browser connection. */
export const oneConnection: Scenario = (ctx, t) => {
  const h = ctx.host();
  const p = h.resident(ctx.r.pick(BROWSERS), ctx.r, h.user);
  ctx.at(t, ctx.f.network(h, p, 'connection_attempted', benign(ctx.r), ephemeralPort(ctx.r), t));
};

/** Someone types commands in Terminal. */
const shell: Scenario = (ctx, t) => {
  const h = ctx.host();
  const sh = h.shell(ctx.r, TERMINAL, LOGIN_SHELL);
  let at = t;
  const n = 1 + ctx.r.int(2);
  for (let i = 0; i < n; i++) {
    const p = h.spawn(sh, ctx.r.pick(SHELL_COMMANDS), ctx.r);
    at = runProcess(ctx, h, p, at, ctx.r.range(5, 2500)) + ctx.r.range(200, 5000);
  }
};

/** launchd starts a daemon, or a resident daemon talks to Apple. */
const daemon: Scenario = (ctx, t) => {
  const h = ctx.host();
  if (ctx.r.chance(0.5)) {
    const p = h.spawn(h.launchd, ctx.r.pick(LAUNCHED_DAEMONS), ctx.r, { user: ROOT });
    runProcess(ctx, h, p, t, ctx.r.range(50, 8000));
  } else {
    const p = h.resident(ctx.r.pick(NETWORK_DAEMONS), ctx.r, ROOT);
    connect(ctx, h, p, benign(ctx.r), t, ctx.r.range(30, 5000));
  }
};

/** Near miss: a downloader connects, but its parent is the user's shell, not an installer's child. */
const downloaderFromShell: Scenario = (ctx, t) => {
  const h = ctx.host();
  const spec = ctx.r.pick(DOWNLOADERS);
  const dest = benign(ctx.r);
  const p = h.spawn(h.shell(ctx.r, TERMINAL, LOGIN_SHELL), spec, ctx.r, { domain: dest.domain });
  ctx.at(t, ctx.f.process(h, forkView(p), 'fork', t));
  ctx.at(t + 1, ctx.f.process(h, p, 'exec', t + 1));
  const c = t + ctx.r.range(5, 300);
  connect(ctx, h, p, dest, c, ctx.r.range(50, 2000));
  const end = c + ctx.r.range(2100, 4000);
  ctx.at(end, ctx.f.process(h, p, 'end', end));
};

/** An install script shell (matches stage 1) and what it runs besides a downloader. */
function scriptShell(
  ctx: ScenarioContext,
  h: Host,
  t: number,
): { child: Proc; execAt: number; exec: EcsEvent } {
  const inst = installerProcess(ctx, h, t);
  const child = h.spawn(inst, ctx.r.pick(SCRIPT_INTERPRETERS), ctx.r);
  const forkAt = t + ctx.r.range(1, 300);
  ctx.at(forkAt, ctx.f.process(h, forkView(child), 'fork', forkAt));
  const execAt = forkAt + ctx.r.range(0, 3);
  const exec = ctx.f.process(h, child, 'exec', execAt);
  ctx.at(execAt, exec);
  return { child, execAt, exec };
}

/** Near miss: the install script never touches the network (or only with tools the rule does not list). */
const installerQuiet: Scenario = (ctx, t) => {
  const h = ctx.host();
  const { child, execAt } = scriptShell(ctx, h, t);
  let at = execAt + ctx.r.range(5, 200);
  const n = 1 + ctx.r.int(3);
  for (let i = 0; i < n; i++) {
    const p = h.spawn(child, ctx.r.pick(INSTALL_STEPS), ctx.r);
    at = runProcess(ctx, h, p, at, ctx.r.range(5, 1500)) + ctx.r.range(1, 300);
  }
  if (ctx.r.chance(0.4)) {
    const spec = ctx.r.pick(OTHER_NETWORK_TOOLS);
    const dest = benign(ctx.r);
    const p = h.spawn(child, spec, ctx.r, { domain: dest.domain });
    ctx.at(at, ctx.f.process(h, p, 'exec', at));
    connect(ctx, h, p, dest, at + ctx.r.range(1, 200), ctx.r.range(50, 2000));
    at += 2500;
    ctx.at(at, ctx.f.process(h, p, 'end', at));
  }
  ctx.at(at + 1, ctx.f.process(h, child, 'end', at + 1));
};

/** Near miss: the downloader connects, but more than 15 s after the script started. */
const installerLate: Scenario = (ctx, t) => {
  const h = ctx.host();
  const { child, execAt } = scriptShell(ctx, h, t);
  const spec = ctx.r.pick(DOWNLOADERS);
  const dest = suspicious(ctx.r);
  const p = h.spawn(child, spec, ctx.r, { domain: dest.domain });
  const connAt = execAt + RULE_MAXSPAN_MS + ctx.r.range(1, 25_000);
  const dlExec = ctx.r.range(execAt + 1, connAt);
  ctx.at(dlExec, ctx.f.process(h, p, 'exec', dlExec));
  connect(ctx, h, p, dest, connAt, ctx.r.range(50, 2000));
  ctx.at(connAt + 2100, ctx.f.process(h, p, 'end', connAt + 2100));
  ctx.at(connAt + 2101, ctx.f.process(h, child, 'end', connAt + 2101));
};

/**
 * Near miss: a downloader whose parent entity id is the script's, within the span, but on another host (the
 * sequence joins on host.id as well).
 */
const installerWrongHost: Scenario = (ctx, t) => {
  const h = ctx.host();
  const other = ctx.otherHost(h);
  const { child, execAt } = scriptShell(ctx, h, t);
  const end = execAt + ctx.r.range(3000, 20_000);
  if (other !== null) {
    const spec = ctx.r.pick(DOWNLOADERS);
    const dest = suspicious(ctx.r);
    const p = other.spawn(child, spec, ctx.r, { domain: dest.domain });
    const connAt = execAt + ctx.r.range(1, RULE_MAXSPAN_MS - 100);
    ctx.at(connAt, ctx.f.process(other, p, 'exec', connAt));
    connect(ctx, other, p, dest, connAt + 1, ctx.r.range(50, 2000));
  }
  ctx.at(end, ctx.f.process(h, child, 'end', end));
};

/** Near miss: installer's child is no shell (a postinstall binary, pkgutil) and its downloader connects in time. */
const installerOtherChild: Scenario = (ctx, t) => {
  const h = ctx.host();
  const inst = installerProcess(ctx, h, t);
  const child = h.spawn(inst, ctx.r.pick(INSTALLER_NON_SHELL_CHILDREN), ctx.r);
  const execAt = t + ctx.r.range(1, 300);
  ctx.at(execAt, ctx.f.process(h, child, 'exec', execAt));
  const spec = ctx.r.pick(DOWNLOADERS);
  const dest = suspicious(ctx.r);
  const p = h.spawn(child, spec, ctx.r, { domain: dest.domain });
  const connAt = execAt + ctx.r.range(2, 10_000);
  ctx.at(connAt - 1, ctx.f.process(h, p, 'exec', connAt - 1));
  connect(ctx, h, p, dest, connAt, ctx.r.range(50, 2000));
  ctx.at(connAt + 2500, ctx.f.process(h, child, 'end', connAt + 2500));
};

/**
 * One event: an install script starts (stage 1 matches, under a join key never seen before) and nothing follows.
 * Used to load the matcher with many distinct keys.
 */
const scriptStorm: Scenario = (ctx, t) => {
  const h = ctx.host();
  const child = h.spawn(
    h.resident(PACKAGE_SCRIPT_SERVICE, ctx.r, ROOT),
    ctx.r.pick(SCRIPT_INTERPRETERS),
    ctx.r,
  );
  ctx.at(t, ctx.f.process(h, child, 'exec', t));
};

/** The most events `planted` schedules. */
export const PLANTED_MAX_EVENTS = 10;

/**
 * The true positive: installer's shell child, then a downloader it started connects within 15 s (one in ten at
 * exactly 15 s: maxspan is inclusive). Sometimes the downloader connects a second time, which extends nothing (the
 * pending sequence was consumed by the first connection).
 */
export const planted: Scenario = (ctx, t) => {
  const h = ctx.host();
  const { child, execAt, exec } = scriptShell(ctx, h, t);
  const spec = ctx.r.pick(DOWNLOADERS);
  const dest = suspicious(ctx.r);
  const p = h.spawn(child, spec, ctx.r, { domain: dest.domain });
  const connAt = execAt + (ctx.r.chance(0.1) ? RULE_MAXSPAN_MS : ctx.r.range(1, RULE_MAXSPAN_MS - 1));
  const dlExec = ctx.r.range(execAt, connAt);
  ctx.at(dlExec, ctx.f.process(h, p, 'exec', dlExec));
  const hit = connect(ctx, h, p, dest, connAt, ctx.r.range(50, 2000));
  let end = connAt + 2100;
  if (ctx.r.chance(0.3)) {
    const again = connAt + ctx.r.range(1, 2000);
    connect(ctx, h, p, suspicious(ctx.r), again, ctx.r.range(50, 2000));
    end = again + 2100;
  }
  ctx.at(end, ctx.f.process(h, p, 'end', end));
  ctx.at(end + 1, ctx.f.process(h, child, 'end', end + 1));
  ctx.plant({
    hostId: h.id,
    entityId: child.entityId,
    eventIds: [eventId(exec), eventId(hit)],
    timestamps: [execAt, connAt],
    hostName: h.name,
    userName: child.user.name,
    chain: [child.parent!.name, child.name, p.name],
  });
};

export function eventId(e: EcsEvent): string {
  return (e.event as { id: string }).id;
}

export const SCENARIOS = {
  browsing,
  shell,
  daemon,
  downloaderFromShell,
  installerQuiet,
  installerLate,
  installerWrongHost,
  installerOtherChild,
  scriptStorm,
} satisfies Record<string, Scenario>;

export type ScenarioKind = keyof typeof SCENARIOS;

/** Everyday fleet activity with a sprinkle of near misses. */
export const DEFAULT_MIX: Readonly<Record<ScenarioKind, number>> = {
  browsing: 30,
  shell: 25,
  daemon: 25,
  downloaderFromShell: 6,
  installerQuiet: 4,
  installerLate: 2,
  installerWrongHost: 2,
  installerOtherChild: 2,
  scriptStorm: 0,
};
