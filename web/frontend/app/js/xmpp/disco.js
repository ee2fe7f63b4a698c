// Service discovery for our own JID: the focus reads our features (disco#info, with the caps node
// from our presence) to decide what to offer us. Also XEP-0215: the STUN/TURN servers to use, and
// the server's pushes when they change.
import { $iq } from '/libs/strophe.esm.js';
import { fromElement, first } from './xml-tree.js';
import { NS_EXTDISCO, servicesToIce } from './extdisco.js';
import { FEATURES, CAPS_NODE, capsInput } from './presence.js';

const NS_DISCO = 'http://jabber.org/protocol/disco#info';

/** Answers disco#info requests addressed to us. */
export function answerDisco(xmpp) {
  xmpp.addHandler(
    (e) => {
      const tree = fromElement(e);
      const query = first(tree, 'query', NS_DISCO);
      const reply = $iq({ type: 'result', to: tree.attrs.from, id: tree.attrs.id }).c('query', {
        xmlns: NS_DISCO,
        node: query?.attrs.node || undefined,
      });
      reply.c('identity', { category: 'client', type: 'web', name: 'Huddle' }).up();
      for (const f of FEATURES) reply.c('feature', { var: f }).up();
      xmpp.send(reply);
    },
    NS_DISCO,
    'iq',
    'get',
  );
}

/** The XEP-0115 `ver` of our features (base64 SHA-1), or a fixed string where hashing is unavailable. */
export async function capsVersion() {
  try {
    const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(capsInput()));
    return btoa(String.fromCharCode(...new Uint8Array(digest)));
  } catch {
    return 'huddle-' + FEATURES.length;
  }
}

export { CAPS_NODE };

/** XEP-0215 (extdisco:2, then :1): STUN/TURN servers as RTCIceServer entries. */
export async function iceServers(xmpp, domain) {
  for (const ns of [NS_EXTDISCO, 'urn:xmpp:extdisco:1']) {
    try {
      const result = fromElement(await xmpp.sendIQ($iq({ type: 'get', to: domain }).c('services', { xmlns: ns }), 5000));
      const services = first(result, 'services');
      if (!services) continue;
      return servicesToIce(services);
    } catch {
      /* not offered: try the older namespace, then go without */
    }
  }
  return [];
}

/**
 * Takes the server's XEP-0215 pushes (from the main domain or our own host, a guest's included):
 * `onChange` gets the <services/> tree, and the push is answered with a result.
 */
export function answerServicePushes(xmpp, domain, onChange) {
  xmpp.addHandler(
    (e) => {
      const iq = fromElement(e);
      const services = first(iq, 'services', NS_EXTDISCO);
      const ownHost = (xmpp.jid || '').split('/')[0].split('@').pop();
      if (!services || (iq.attrs.from && iq.attrs.from !== domain && iq.attrs.from !== ownHost)) return;
      onChange(services);
      xmpp.send($iq({ type: 'result', to: iq.attrs.from || domain, id: iq.attrs.id }));
    },
    NS_EXTDISCO,
    'iq',
    'set',
  );
}
