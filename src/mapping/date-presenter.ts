/**
 * How Elasticsearch shows a date field's value where it prints one for a field (a sequence's join keys, as the
 * `fields` API does): a mapping's value semantics, like the printer it wraps, so it lives here rather than in
 * output/. The engine applies it while it builds results: a result holds join keys as Elasticsearch's EQL response
 * does (the EQL API's own results arrive so), and output/ only renders them.
 */
import type { Schema } from './schema.js';
import { dateFormatPrinter } from './date-printer.js';

/**
 * Sequence join keys come back as the `fields` API shows them: in the field's format, its first alternative (see
 * date-printer.ts), or the type's default (a `date` as ISO with milliseconds, a `date_nanos` with three to nine
 * fraction digits: it is read to the nanosecond, see compileKeyExtractor). A format the printer cannot print shows
 * epoch milliseconds. Keys still compare by the epoch value.
 */
export function datePresenter(
  schema: Schema | undefined,
): (f: { readonly name: string }) => ((v: unknown) => unknown) | null {
  return (f) => {
    const info = schema?.resolve(f.name);
    if (!info || (info.type !== 'date' && info.type !== 'date_nanos')) return null;
    const nanos = info.type === 'date_nanos';
    const format = info.format ?? (nanos ? 'strict_date_optional_time_nanos' : 'strict_date_optional_time');
    const printer = dateFormatPrinter(format, info.type);
    if (nanos) return (v) => (typeof v !== 'bigint' ? v : printer ? printer(v) : Number(v) / 1e6);
    if (!printer) return null;
    return (v) => (typeof v === 'number' && Number.isInteger(v) ? printer(BigInt(v) * 1_000_000n) : v);
  };
}
