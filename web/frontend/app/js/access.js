// Getting into a meeting where users sign in (docker-jitsi-meet's ENABLE_AUTH, config.js `auth`):
// who we are, and what the focus's answer to the conference request means for us. Pure functions,
// so the states the meeting page moves through are tested without a browser (test/access.test.mjs).
//
// The focus answers as Jicofo does: a guest asking for a room no host has opened gets
// not-authorized; while a host's meeting starts, ready='false'; then ready='true'. Public rooms
// answer ready to everyone. The page shows "waiting for the host" and asks again, or asks for a
// sign-in where guests are not let in (docs/web.md).
import { t } from './i18n.js';

/** How often a waiting guest asks the focus again: the meeting starts within this of the host. */
export const WAITING_RETRY_MS = 3000;

/**
 * Who we are to the server: 'token' (?jwt=), 'user' (signed in with a password), 'guest' (anonymous
 * where users sign in) or 'open' (anonymous where nobody signs in).
 */
export function identity(config, { token, credentials } = {}) {
  if (token) return 'token';
  if (credentials) return 'user';
  return config.auth ? 'guest' : 'open';
}

/** The XMPP domain to log in on: a token and an account on the main one, a guest on the guests'. */
export function loginDomain(config, who, credentials) {
  if (who === 'user') return domainOf(credentials.jid);
  if (who === 'guest') return config.hosts.anonymousdomain || config.hosts.domain;
  return config.hosts.domain;
}

/**
 * The JID and password to sign in with: a bare user name is an account on the main domain, as
 * docker-jitsi-meet registers them; a full address (user@auth.domain) is taken as it is.
 * Throws an Error with a message for the form when something is missing.
 */
export function credentialsFrom(config, username, password) {
  const user = (username || '').trim();
  if (!user) throw new Error(t('signIn.noUser'));
  if (!password) throw new Error(t('signIn.noPassword'));
  const jid = user.includes('@') ? user : `${user}@${config.hosts.domain}`;
  if (!/^[^@\s/]+@[^@\s/]+$/.test(jid)) throw new Error(t('signIn.badUser'));
  return { jid: jid.toLowerCase(), password };
}

/**
 * What to do after asking the focus.
 *
 * @param outcome {ready: true} | {ready: false} | {error: {condition, text}}
 * @returns {state, retryMs?, canSignIn?, message?} where state is
 *   'join'              the room can be joined now;
 *   'waiting-for-host'  show the waiting page and ask again after retryMs (canSignIn: a host may
 *                       sign in from there);
 *   'starting'          ready='false' for someone who is no guest: ask again (Jicofo's back-off);
 *   'sign-in'           guests are not let in: ask for a user name and password;
 *   'token-required'    guests are not let in and hosts come with a token: say how;
 *   'focus-unavailable' any other failure (no answer, no bridge): join for chat, media starts
 *                       once the conference service answers;
 *   'refused'           not-authorized although signed in; message says why.
 */
export function afterFocus(config, who, outcome) {
  if (outcome.ready) return { state: 'join' };
  const auth = config.auth;
  const canSignIn = !!auth && auth.type !== 'jwt' && who === 'guest';
  if (!outcome.error) {
    if (who === 'guest' && auth?.guests) return { state: 'waiting-for-host', retryMs: WAITING_RETRY_MS, canSignIn };
    return { state: 'starting' };
  }
  const { condition, text } = outcome.error;
  if (condition === 'not-authorized') {
    if (who !== 'guest' || !auth) {
      return { state: 'refused', message: t('access.refused', { error: text || condition }) };
    }
    if (auth.guests) return { state: 'waiting-for-host', retryMs: WAITING_RETRY_MS, canSignIn };
    if (auth.type === 'jwt') {
      return { state: 'token-required', message: t('access.tokenRequired') };
    }
    return { state: 'sign-in', message: t('access.signIn') };
  }
  return { state: 'focus-unavailable' };
}

function domainOf(jid) {
  const bare = jid.split('/')[0];
  return bare.slice(bare.indexOf('@') + 1);
}
