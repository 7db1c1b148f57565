/** Addresses on this machine: the only places a handler's traffic may really go. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** A default AWS service endpoint: answered in-process by the harness, never contacted. */
export function isAwsServiceHost(hostname: string): boolean {
  return /(^|\.)amazonaws\.com(\.cn)?$|(^|\.)api\.aws$/i.test(hostname);
}
