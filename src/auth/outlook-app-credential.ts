/**
 * How an app-only Microsoft 365 login proves it is the app: a client secret, or a certificate
 * uploaded to the app registration and its private key. `source` says where the operator keeps
 * it (a file path, or a config key), for the messages that tell them to replace it.
 */
export type OutlookAppCredential =
  | { readonly kind: 'secret'; readonly clientSecret: string; readonly source: string }
  | {
      readonly kind: 'certificate';
      readonly certificate: string;
      readonly privateKey: string;
      readonly source: string;
    };
