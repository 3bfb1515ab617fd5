/**
 * Context variables, typed once for every handler (Hono's ContextVariableMap). The middleware
 * that sets each one is named beside it.
 */
import type { AccountView } from '../services/accounts.js';
import type { Locale, Translate } from '../i18n/index.js';

/** A signed-in browser session (middleware/session.ts). */
export interface SessionInfo {
  token: string;
  account: AccountView;
  csrfToken: string;
}

declare module 'hono' {
  interface ContextVariableMap {
    /** middleware/session.ts: null when signed out */
    session: SessionInfo | null;
    /** middleware/language.ts */
    locale: Locale;
    t: Translate;
    /** middleware/time-zone.ts: the reader's chosen IANA zone, null when none was chosen */
    timeZone: string | null;
    /** middleware/csrf.ts: the token a form on this page must carry (sets the anonymous cookie on first use) */
    csrfToken: () => string;
    /** middleware/api-auth.ts: the account of a valid Bearer token, null when none was sent */
    apiAccount: AccountView | null;
  }
}
