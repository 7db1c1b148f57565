/** A request to the store, as any client sends it. */
export interface SearchRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
}

export interface SearchResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Route {
  method: string;
  /** Path segments after the host: index names and ids decoded. */
  segments: string[];
  query: URLSearchParams;
  body: string;
  headers: Record<string, string>;
}

export function routeOf(request: SearchRequest): Route {
  const url = new URL(request.url, 'http://search.invalid');
  const segments = url.pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method: request.method.toUpperCase(), segments, query: url.searchParams, body: request.body ?? '', headers };
}
