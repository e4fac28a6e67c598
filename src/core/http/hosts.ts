import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { DialectDefinition } from '../dialect.ts';

/**
 * Host routing (CONTRACT.md, "Pointing a client that cannot change its base URL"): a request
 * whose `Host` is a vendor's own host (each dialect's `vendor.hosts`) or `{dialect}.localhost`
 * reaches that dialect at the vendor's own paths, without Understudy's prefix. It is one URL
 * rewrite before routing (Fastify's `rewriteUrl`): `https://api.comeback.es/v1/customers` is
 * routed as `/comeback/v1/customers`, so everything after it (auth, journal, faults) sees the
 * same request as on the prefixed path.
 */
export interface HostRoute {
  dialect: DialectDefinition<any>;
  /** What the rewrite puts in front of the client's path: the prefix without the vendor's base path. */
  root: string;
  /** The vendor's own base path (`/v1`, `/api/v1`, or '' when the API starts at `/`). */
  basePath: string;
}

/** Where a host-routed request's route is kept on the raw request. */
const ROUTED = Symbol('understudy.hostRoute');
type Routed = IncomingMessage & { [ROUTED]?: HostRoute };

/** Where a path of a vendor host outside the vendor's base path goes: nothing is routed there. */
const OUTSIDE = '/_understudy-host';

/** The host a request names, without port or trailing dot, lower case (`[::1]` as `::1`). */
export function hostOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  let host = header.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') === -1 ? undefined : host.indexOf(']'));
  const colon = host.indexOf(':');
  if (colon !== -1) host = host.slice(0, colon);
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

export class HostTable {
  private readonly exact = new Map<string, HostRoute>();
  /** `*.revelup.com` as `revelup.com`: any one label in front of it. */
  private readonly wildcard = new Map<string, HostRoute>();

  constructor(dialects: readonly DialectDefinition<any>[]) {
    for (const dialect of dialects) {
      if (!dialect.routes) continue;
      const basePath = dialect.vendor?.basePath ?? '';
      if (!dialect.prefix.endsWith(basePath)) throw new Error(`${dialect.name}: prefix '${dialect.prefix}' does not end with the vendor's base path '${basePath}'`);
      const route: HostRoute = { dialect, root: dialect.prefix.slice(0, dialect.prefix.length - basePath.length), basePath };
      for (const host of [`${dialect.name}.localhost`, ...(dialect.vendor?.hosts ?? [])]) {
        const name = host.toLowerCase();
        const [table, key] = name.startsWith('*.') ? [this.wildcard, name.slice(2)] : [this.exact, name];
        const taken = table.get(key);
        if (taken && taken.dialect !== dialect) throw new Error(`host '${host}' is declared by both ${taken.dialect.name} and ${dialect.name}`);
        table.set(key, route);
      }
    }
  }

  /** The dialect a host belongs to, if any. */
  find(host: string | undefined): HostRoute | undefined {
    if (!host) return undefined;
    const exact = this.exact.get(host);
    if (exact) return exact;
    const dot = host.indexOf('.');
    return dot > 0 ? this.wildcard.get(host.slice(dot + 1)) : undefined;
  }

  /** Every host name of the table, wildcards as `*.name` (the server certificate's names). */
  names(): string[] {
    return [...this.exact.keys(), ...[...this.wildcard.keys()].map((k) => `*.${k}`)];
  }

  /**
   * Fastify's `rewriteUrl`. On a vendor host: a path below the vendor's base path is put below
   * the dialect's prefix; Understudy's own pages of that dialect (Revers.io's portal, whose links
   * name the host the client used) keep their path; any other path is the dialect's not-found
   * (see `hostNotFound`), never the control API or another dialect. Other hosts are unchanged.
   */
  rewrite(req: IncomingMessage): string {
    const url = req.url ?? '/';
    const route = this.find(hostOf(req.headers.host));
    if (!route) return url;
    const q = url.indexOf('?');
    const path = (q === -1 ? url : url.slice(0, q)).replace(/\/{2,}/g, '/');
    const pages = route.dialect.pages?.prefix;
    if (pages && (path === pages || path.startsWith(`${pages}/`))) return url;
    (req as Routed)[ROUTED] = route;
    const { basePath } = route;
    if (basePath === '' || path === basePath || path.startsWith(`${basePath}/`)) return `${route.root}${url}`;
    return `${OUTSIDE}${url}`;
  }
}

/** The route a request came by, when it came by a vendor host or `{dialect}.localhost`. */
export function hostRouteOf(request: FastifyRequest): HostRoute | undefined {
  return (request.raw as Routed)[ROUTED];
}

/**
 * A path prefix as the client sees it: a dialect's mount point (or a path below it) without
 * Understudy's part when the request came by the vendor's host, so URLs a dialect writes
 * (`Location`, download links) are the ones the client can follow on the host it used.
 */
export function clientPrefix(request: FastifyRequest, prefix: string): string {
  const route = hostRouteOf(request);
  return route && (prefix === route.root || prefix.startsWith(`${route.root}/`)) ? prefix.slice(route.root.length) : prefix;
}

/** For the root not-found handler: a vendor host's path outside the vendor's API, as that dialect's not-found (its path as the client sent it). */
export function outsideVendorApi(request: FastifyRequest): HostRoute | undefined {
  const route = hostRouteOf(request);
  return route && request.url.startsWith(`${OUTSIDE}/`) ? route : undefined;
}
