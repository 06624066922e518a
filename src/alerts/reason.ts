/**
 * `kibana.alert.reason`, word for word as Kibana main's `buildReasonMessageForEqlAlert` (rule_types/utils/
 * reason_formatters.ts) renders its ICU message: "<category> event with process <name>, parent process <name>,
 * file <name>, source <ip>:<port>, destination <ip>:<port>, by <user> on <host> created <severity> alert <rule>."
 * with each part left out when its field is absent. Its quirks are kept on purpose, so that alerts read as
 * Kibana's do: a number is never shown (it has no `length`, so a numeric port is left out), `-` alone is left out,
 * arrays are joined with ", ", and a value that is the text `null` is left out (ICU's `select` takes its `null` arm).
 */
import { readPath } from './lineage.js';

const NONE = null;

/** Kibana's `getFieldTemplateValue`: the text shown for a field, or null when it shows nothing. */
function shown(value: unknown): string | null {
  if (!value) return NONE;
  const length = (value as { length?: unknown }).length;
  if (!length) return NONE;
  if (length === 1 && (value as ArrayLike<unknown>)[0] === '-') return NONE;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** An ICU `select` whose `null` arm is empty: it is taken for a missing value and for the text "null" alike. */
function arm(value: string | null, text: (v: string) => string): string {
  return value === null || value === 'null' ? '' : text(value);
}

/**
 * The reason for an alert on `doc`: an event's `_source`, or for a shell the intersection of its building blocks
 * (Kibana reads `_source`, falling back to `fields` only when `_source` is empty; we hold no `fields`).
 */
export function buildReason(
  name: string,
  severity: string,
  doc: Record<string, unknown> | undefined,
): string {
  const get = (path: string) => readPath(doc, path);
  let ofInterest = false;
  const interesting = (path: string): string | null => {
    const v = shown(get(path));
    if (v !== null) ofInterest = true;
    return v;
  };
  const destinationAddress = interesting('destination.ip');
  const destinationPort = interesting('destination.port');
  const eventCategory = shown(get('event.category'));
  const fileName = interesting('file.name');
  const hostName = shown(get('host.name'));
  const processName = interesting('process.name');
  const processParentName = interesting('process.parent.name');
  const sourceAddress = interesting('source.ip');
  const sourcePort = interesting('source.port');
  const userName = shown(get('user.name'));
  return (
    arm(eventCategory, (v) => `${v} `) +
    'event' +
    (ofInterest ? ' with' : '') +
    arm(processName, (v) => ` process ${v},`) +
    arm(processParentName, (v) => ` parent process ${v},`) +
    arm(fileName, (v) => ` file ${v},`) +
    arm(sourceAddress, (v) => ` source ${v}`) +
    arm(sourcePort, (v) => `:${v},`) +
    arm(destinationAddress, (v) => ` destination ${v}`) +
    arm(destinationPort, (v) => `:${v},`) +
    arm(userName, (v) => ` by ${v}`) +
    arm(hostName, (v) => ` on ${v}`) +
    ` created ${severity} alert ${name}.`
  );
}
