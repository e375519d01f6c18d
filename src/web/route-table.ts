import type { HttpApp } from '../core/module.js';

/** One registered route: its method and URL pattern as fastify matches them (e.g. `/antraege/:id`). */
export interface RouteEntry {
  method: string;
  url: string;
}

/**
 * Every route the app registers, collected by fastify's `onRoute` hook. The security tests read it
 * (the authorization matrix, the fuzz test), so a new route cannot escape them.
 * Must be installed before any route is registered.
 */
export class RouteTable {
  readonly #routes: RouteEntry[] = [];

  install(app: HttpApp): void {
    app.addHook('onRoute', (route) => {
      // HEAD routes are fastify's automatic twins of GET routes: same handler, no body.
      for (const method of ([] as string[]).concat(route.method)) if (method !== 'HEAD') this.#routes.push({ method, url: route.url });
    });
  }

  get routes(): readonly RouteEntry[] {
    return this.#routes;
  }
}
