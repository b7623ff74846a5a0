// Every message the converter can give, in one table: a stable code, the message and a one-line hint.
// Placeholders `{name}` are filled from the parameters given where the diagnostic is raised.

export const MESSAGES = {
  // reading the script
  'lex-error': { message: 'cannot read this character: {text}', hint: 'remove the character or put it inside a string' },
  'unterminated-string': { message: 'this string is never closed', hint: 'add the closing quote {quote}' },
  'syntax-error': { message: '{detail}', hint: '{hint}' },
  indentation: { message: '{detail}', hint: 'indent the block consistently (4 spaces per level)' },
  'unknown-name': { message: "unknown name '{name}'", hint: '{hint}' },
  'unknown-attribute': { message: "'{object}' has no attribute '{name}' that the converter knows", hint: '{hint}' },
  unsupported: { message: 'the converter does not support {what}', hint: '{hint}' },
  'not-static': { message: '{what} cannot be known without running the script', hint: '{hint}' },
  'type-error': { message: '{detail}', hint: '{hint}' },
  'value-error': { message: '{detail}', hint: '{hint}' },
  'bad-argument': { message: "{callee}() got an unexpected keyword argument '{name}'", hint: '{hint}' },
  'missing-argument': { message: "{callee}() is missing the argument '{name}'", hint: 'pass {name}=...' },
  'too-many-arguments': { message: '{callee}() takes at most {max} positional arguments, got {got}', hint: 'pass the extra values by keyword' },
  'unit-mismatch': { message: '{detail}', hint: '{hint}' },
  'network-operation': { message: '{who} {detail}', hint: '{hint}' },
  limit: { message: '{detail}', hint: '{hint}' },
  // what Brian2 itself refuses when the script runs (MagicError, an object run in two networks, ...)
  'brian2-raises': { message: '{detail}', hint: '{hint}' },
  // Brian2 strings
  'equation-syntax': { message: '{detail}', hint: '{hint}' },
  'equation-unit': { message: '{detail}', hint: '{hint}' },
  'equation-flag': { message: "flag '{flag}' is not allowed {where}", hint: 'allowed here: {allowed}' },
  'flag-ignored': { message: "the flag '{flag}' has no effect {where}", hint: '{hint}' },
  'equation-duplicate': { message: "'{name}' is defined twice in the equations", hint: 'remove or rename one of the definitions' },
  'code-syntax': { message: '{detail}', hint: '{hint}' },
  'code-error': { message: '{detail}', hint: '{hint}' },
  'read-only': { message: "'{name}' cannot be assigned here", hint: '{hint}' },
  // lowering
  'method-refused': { message: "method '{method}' cannot integrate these equations: {reason}", hint: '{hint}' },
  'fixed-point': { message: '{detail}', hint: '{hint}' },
  // notes
  skipped: { message: '{detail}', hint: '' },
  note: { message: '{detail}', hint: '' },
  // bugs of the converter (never expected; the property tests look for them)
  'internal-error': { message: 'internal error in the converter: {detail}', hint: 'please report this with the script that caused it' },
} as const;

export type MessageCode = keyof typeof MESSAGES;

export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}
