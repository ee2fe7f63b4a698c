// XEP-0215 (external service discovery) as RTCIceServer entries: the STUN and TURN servers the XMPP
// server hands out, and its pushes when they change (a meeting whose allocation hook names its own
// TURN server; docs/xmpp-server.md, "A meeting's TURN servers"). Pure: no connection here.
import { all } from './xml-tree.js';

export const NS_EXTDISCO = 'urn:xmpp:extdisco:2';

/** The URL of a <service/>: type:host:port, with ?transport= for TURN. */
function url(a) {
  return `${a.type}:${a.host}:${a.port || 3478}${a.type !== 'stun' && a.transport ? '?transport=' + a.transport : ''}`;
}

function known(s) {
  return ['stun', 'turn', 'turns'].includes(s.attrs.type);
}

/** The <services/> of a result as RTCIceServer entries. */
export function servicesToIce(services) {
  return all(services, 'service')
    .filter(known)
    .map((s) => {
      const a = s.attrs;
      return a.username ? { urls: url(a), username: a.username, credential: a.password } : { urls: url(a) };
    });
}

/**
 * The entries after a push (XEP-0215 §3.4): each service with action='delete' leaves, each with
 * 'add' (or 'modify') comes in, replacing an entry with its URL.
 */
export function applyServicesPush(current, services) {
  let out = [...current];
  for (const s of all(services, 'service').filter(known)) {
    const u = url(s.attrs);
    out = out.filter((e) => e.urls !== u);
    if (s.attrs.action !== 'delete') out.push(...servicesToIce({ children: [s] }));
  }
  return out;
}
