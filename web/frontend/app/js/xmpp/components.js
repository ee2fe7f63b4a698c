// Jitsi's components as a client finds and uses them (docs/wire.md "Jitsi's components"): the
// identities in the disco#info of the domain we logged into name each component's address; we tell
// the speakerstats component when we become the dominant speaker, ask end_conference to end the
// meeting, and read the components' json-messages. Pure; tested by node.
import { el, first } from './xml-tree.js';

export const NS_DISCO = 'http://jabber.org/protocol/disco#info';
export const NS_JITMEET = 'http://jitsi.org/jitmeet';

/** {type: address} from a disco#info result's component identities. */
export function readComponents(result) {
  const query = first(result, 'query', NS_DISCO);
  const out = {};
  for (const c of query?.children || []) {
    if (c.name === 'identity' && c.attrs.category === 'component' && c.attrs.type && c.attrs.name) {
      out[c.attrs.type] = c.attrs.name;
    }
  }
  return out;
}

/** The report that we are the dominant speaker now in `roomJid`. */
export function speakerStatsReport(roomJid) {
  return el('speakerstats', { xmlns: NS_JITMEET, room: roomJid }, []);
}

/** The request to end the meeting (no namespace of its own: jabber:client). */
export function endConferenceRequest() {
  return el('end_conference', {}, []);
}

/**
 * A component's json-message to us: {type, ...} when `message` comes from one of the component
 * addresses we discovered and carries a JSON object, else null.
 */
export function readComponentMessage(message, components) {
  const from = message.attrs.from || '';
  if (!Object.values(components || {}).includes(from)) return null;
  const text = first(message, 'json-message', NS_JITMEET)?.text;
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && typeof v.type === 'string' ? v : null;
  } catch {
    return null;
  }
}
