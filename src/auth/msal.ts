/*
 * The MSAL door of `auth/`: token providers and the device-code login, which load
 * @azure/msal-node. Imported only for a mailbox whose auth is OAuth2; the rest of `auth/` is
 * behind `auth/index.ts`.
 */
export { classifyMsalError, type MsalFailureKind } from './classify-msal-error.js';
export {
  createOutlookAppTokenProvider,
  type OutlookAppTokenProviderOptions,
} from './create-outlook-app-token-provider.js';
export {
  createOutlookTokenProvider,
  type OutlookTokenProviderOptions,
} from './create-outlook-token-provider.js';
export {
  type DeviceCodeLoginOptions,
  type DeviceCodeLoginResult,
  runDeviceCodeLogin,
} from './run-device-code-login.js';
