/** Expressions as short EQL text for `notPushed` log lines: the query's own text when known, else a printout. */
import type { Expr } from '../eql/syntax/ast.js';
import { assertNever } from '../eql/syntax/ast.js';

export function describeExpr(e: Expr, source?: string): string {
  if (source !== undefined && e.span.end <= source.length && e.span.end > e.span.start)
    return source.slice(e.span.start, e.span.end);
  return print(e);
}

function print(e: Expr): string {
  switch (e.type) {
    case 'literal':
      return typeof e.value === 'string' ? JSON.stringify(e.value) : String(e.value);
    case 'field':
      return `${e.optional ? '?' : ''}${e.name}${e.indexes.map((i) => `[${i}]`).join('')}`;
    case 'comparison':
    case 'arithmetic':
      return `${print(e.left)} ${e.op} ${print(e.right)}`;
    case 'pattern':
      return `${print(e.left)} ${e.op}${e.caseInsensitive ? '~' : ''} (${e.patterns.map(print).join(', ')})`;
    case 'in':
      return `${print(e.left)} ${e.negated ? 'not ' : ''}in${e.caseInsensitive ? '~' : ''} (${e.values.map(print).join(', ')})`;
    case 'logical':
      return `(${print(e.left)} ${e.op} ${print(e.right)})`;
    case 'not':
      return `not ${print(e.operand)}`;
    case 'negate':
      return `-${print(e.operand)}`;
    case 'call':
      return `${e.name}${e.caseInsensitive ? '~' : ''}(${e.args.map(print).join(', ')})`;
    default:
      return assertNever(e, 'expression');
  }
}
