/** Where the Zendesk account is: its subdomain, or a full base URL (tests, proxies). */
export type ZendeskLocation =
  | { readonly subdomain: string; readonly url?: undefined }
  | { readonly url: string; readonly subdomain?: undefined };

/** The base URL of a Zendesk account: `acme` gives `https://acme.zendesk.com`. */
export function zendeskBaseUrl(location: ZendeskLocation): string {
  if (location.url !== undefined) return location.url.replace(/\/+$/, '');
  return `https://${location.subdomain}.zendesk.com`;
}
