// Asking the focus for the conference (WIRE.md §1): the `conference` IQ to hosts.focus, repeated
// after 1, 2, 4 ... seconds while it answers ready='false'. The answer names the focus's JID, by
// which its occupant is recognised in the room.
import { $iq } from '/libs/strophe.esm.js';
import { fromElement, first } from './xml-tree.js';

export const NS_FOCUS = 'http://jitsi.org/protocol/focus';

/**
 * Resolves with {focusJid, properties} once the focus says ready; rejects with
 * {condition, text} when it refuses or does not answer. onNotReady(properties) hears each
 * ready='false'; maxDelayMs caps the back-off (a guest waiting for a host asks more often).
 */
export async function requestConference(xmpp, config, roomJid, machineUid, { signal, onNotReady, maxDelayMs = 120000 } = {}) {
  let delay = 1000;
  for (;;) {
    const iq = $iq({ type: 'set', to: config.hosts.focus })
      .c('conference', { xmlns: NS_FOCUS, room: roomJid, 'machine-uid': machineUid })
      .c('property', { name: 'visitors-version', value: '1' })
      .up();
    let tree;
    try {
      tree = fromElement(await xmpp.sendIQ(iq, 10000));
    } catch (e) {
      throw iqError(e);
    }
    const conf = first(tree, 'conference', NS_FOCUS);
    const properties = {};
    for (const p of conf?.children.filter((c) => c.name === 'property') || []) {
      properties[p.attrs.name] = p.attrs.value;
    }
    if (conf && conf.attrs.ready === 'true') {
      return { focusJid: conf.attrs.focusjid || conf.attrs.focusJid || null, properties };
    }
    if (signal?.aborted) throw { condition: 'aborted', text: '' };
    onNotReady?.(properties);
    await new Promise((r) => setTimeout(r, Math.min(delay, maxDelayMs)));
    delay = Math.min(delay * 2, 120000);
  }
}

function iqError(e) {
  if (!e || !e.getElementsByTagName) return { condition: 'timeout', text: 'the focus did not answer' };
  const tree = fromElement(e);
  const err = first(tree, 'error');
  const cond = err?.children.find((c) => c.name !== 'text')?.name || 'unknown';
  const text = err ? first(err, 'text')?.text || '' : '';
  return { condition: cond, text };
}
