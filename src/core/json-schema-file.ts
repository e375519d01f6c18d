/**
 * A schema as a JSON Schema file an editor can use (draft 2020-12): TypeBox schemas are JSON
 * Schema already; `replace` swaps parts by identity (e.g. a placeholder for a `$ref`).
 */
export function jsonSchemaFile(schema: object, meta: { id: string; title: string; defs?: Record<string, unknown> }, replace: ReadonlyMap<object, unknown> = new Map()): string {
  const document = { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: meta.id, title: meta.title, ...schema, ...(meta.defs ? { $defs: meta.defs } : {}) };
  return `${JSON.stringify(document, (_key, value) => (replace.has(value) ? replace.get(value) : value), 2)}\n`;
}
