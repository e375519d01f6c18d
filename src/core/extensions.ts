/**
 * Extension points: a module offers one (the applications module's submission listeners, the
 * forms module's map bases), other modules contribute entries in their `AmtswegModule`
 * declaration, and the runtime collects the contributions of the modules it is built from into
 * `ctx.extensions`. Nothing is registered when a file is imported, so a runtime built from a
 * subset of modules sees exactly the contributions of that subset.
 */

export interface ExtensionPoint<T> {
  readonly name: string;
  /** For points whose entries are looked up by name: a second entry with one name is refused at start. */
  readonly keyOf?: (entry: T) => string;
}

/** Declares an extension point; the owning module exports it from its face. */
export function extensionPoint<T>(name: string, keyOf?: (entry: T) => string): ExtensionPoint<T> {
  return keyOf ? { name, keyOf } : { name };
}

/** One entry a module adds to an extension point. */
export interface Contribution {
  readonly point: ExtensionPoint<never>;
  readonly entry: unknown;
}

export function contribution<T>(point: ExtensionPoint<T>, entry: T): Contribution {
  return { point: point as ExtensionPoint<never>, entry };
}

/** A wrong composition of modules: a missing dependency or two entries under one name. Stops the start with one line. */
export class ModuleSetupError extends Error {
  override name = 'ModuleSetupError';
}

/** The contributions of one runtime's modules, by extension point, in module order. */
export class Extensions {
  readonly #entries = new Map<ExtensionPoint<never>, unknown[]>();
  readonly #byKey = new Map<ExtensionPoint<never>, Map<string, unknown>>();

  constructor(contributions: readonly { module: string; contribution: Contribution }[] = []) {
    const owners = new Map<string, string>();
    for (const { module, contribution: given } of contributions) {
      const { point, entry } = given;
      const entries = this.#entries.get(point) ?? [];
      entries.push(entry);
      this.#entries.set(point, entries);
      if (!point.keyOf) continue;
      const key = point.keyOf(entry as never);
      const owner = `${point.name}:${key}`;
      if (owners.has(owner)) throw new ModuleSetupError(`the ${point.name} "${key}" is contributed by the modules ${owners.get(owner)} and ${module}`);
      owners.set(owner, module);
      const byKey = this.#byKey.get(point) ?? new Map<string, unknown>();
      byKey.set(key, entry);
      this.#byKey.set(point, byKey);
    }
  }

  /** Every entry of a point, in the order of the modules that contributed them. */
  of<T>(point: ExtensionPoint<T>): readonly T[] {
    return (this.#entries.get(point as ExtensionPoint<never>) ?? []) as T[];
  }

  /** The entry of a named point with this name. */
  find<T>(point: ExtensionPoint<T>, key: string): T | undefined {
    return this.#byKey.get(point as ExtensionPoint<never>)?.get(key) as T | undefined;
  }
}
