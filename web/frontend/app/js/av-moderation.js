// A/V moderation for one meeting (docs/wire.md "A/V moderation"): finds the avmoderation
// component in the domain's disco#info, reads its messages into an AvModerationState and passes on
// what they mean as events ('changed', 'approved', 'rejected', 'asked', 'participant-approved',
// 'participant-rejected', each with the state's detail), and sends a moderator's requests.
import { $iq, $msg } from '/libs/strophe.esm.js';
import { fromElement, appendTo, first } from './xmpp/xml-tree.js';
import {
  componentAddress,
  enableRequest,
  approveRequest,
  rejectRequest,
  readMessage,
  AvModerationState,
} from './xmpp/av-moderation.js';

const NS_DISCO = 'http://jabber.org/protocol/disco#info';

/** A message tree ({name: 'message', attrs, children}) as a Strophe stanza. */
function build(tree) {
  const m = $msg(tree.attrs);
  for (const c of tree.children) appendTo(m, c, 'jabber:client');
  return m;
}

export class AvModerationClient extends EventTarget {
  /** @param conference the Conference: its xmpp, roomJid, endpointId and config */
  constructor(conference) {
    super();
    this.conference = conference;
    this.address = null;
    this.discovering = false;
    this.pending = [];
    this.state = new AvModerationState(conference.roomJid, conference.endpointId);
    // Registered at once: the component may speak as soon as we are in the room.
    conference.xmpp.addHandler((e) => this.onMessage(e), null, 'message', null);
  }

  /** Whether the server offers A/V moderation (known once {@link discover} has answered). */
  get supported() {
    return !!this.address;
  }

  /** Asks the domain for its components; without the av_moderation one, nothing is offered. */
  async discover() {
    this.discovering = true;
    const domain = this.conference.config.hosts.domain;
    try {
      const answer = fromElement(await this.conference.xmpp.sendIQ($iq({ type: 'get', to: domain }).c('query', { xmlns: NS_DISCO }), 10000));
      this.address = componentAddress(first(answer, 'query', NS_DISCO) || { children: [] });
    } catch {
      this.address = null;
    }
    this.discovering = false;
    this.dispatchEvent(new CustomEvent('supported', { detail: this.supported }));
    for (const tree of this.pending.splice(0)) this.read(tree);
    return this.supported;
  }

  onMessage(element) {
    const tree = fromElement(element);
    const from = tree.attrs.from || '';
    // The component greets us when we join, which may be before discovery has answered: messages
    // from a bare domain wait (a few) until we know whether it is the component's.
    if (this.discovering && !from.includes('@') && !from.includes('/')) {
      if (this.pending.length < 20) this.pending.push(tree);
      return;
    }
    this.read(tree);
  }

  read(tree) {
    const msg = readMessage(tree, this.address, this.conference.roomJid);
    if (!msg) return;
    for (const e of this.state.apply(msg)) this.dispatchEvent(new CustomEvent(e.type, { detail: e }));
  }

  /** Turns moderation of `media` on or off (moderators). */
  enable(media, on) {
    this.conference.xmpp.send(build(enableRequest(this.address, media, on)));
  }

  /** Allows the participant `nick` to unmute `media`. */
  approve(nick, media) {
    this.conference.xmpp.send(build(approveRequest(this.address, media, `${this.conference.roomJid}/${nick}`)));
  }

  /** Takes that permission back. */
  reject(nick, media) {
    this.conference.xmpp.send(build(rejectRequest(this.address, media, `${this.conference.roomJid}/${nick}`)));
  }

  /** Whether we may unmute `media` now. */
  mayUnmute(media, isModerator) {
    return this.state.mayUnmute(media, isModerator);
  }
}
