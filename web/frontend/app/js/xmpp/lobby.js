// Jitsi's lobby on the wire (docs/wire.md "Lobby"), as lib-jitsi-meet speaks it: a moderator makes
// the meeting members-only with the owner's form, and the server opens a lobby room named in the
// room's disco#info; a joiner who is not a member is refused with registration-required naming the
// lobby, joins it with its display name and waits; moderators join it too, see who knocks, approve
// with a mediated invitation to the meeting (the server makes the invitee a member) and deny with
// a kick from the lobby. Turning the lobby off destroys it naming the meeting, where those waiting
// then go. What goes on the wire is in lobby-wire.js; Lobby drives it.
import { $iq, $msg, $pres } from '/libs/strophe.esm.js';
import { el, first, fromElement, appendTo } from './xml-tree.js';
import { NS_MUC, NS_NICK } from './presence.js';
import {
  NS_OWNER,
  membersOnlyQuery,
  memberQuery,
  approveMessage,
  denyQuery,
  readRoomInfo,
  isInvitation,
  readLobbyPresence,
} from './lobby-wire.js';

const NS_DISCO_INFO = 'http://jabber.org/protocol/disco#info';

/**
 * One conference's lobby. Events: 'knock' {nick, displayName, jid} and 'knock-left' {nick} for
 * moderators; 'approved', 'denied', 'opened' (the lobby was turned off) and 'closed' (the meeting ended) for someone
 * waiting.
 */
export class Lobby extends EventTarget {
  /**
   * @param xmpp the XmppConnection
   * @param muc the meeting's MucRoom
   */
  constructor(xmpp, muc) {
    super();
    this.xmpp = xmpp;
    this.muc = muc;
    this.roomJid = muc.roomJid;
    this.lobbyRoom = null; // the lobby we are in (waiting, or moderating), or null
    this.waiting = false;
    this.knockers = new Map();
    xmpp.addHandler((e) => this.onPresence(fromElement(e)), null, 'presence');
    xmpp.addHandler((e) => this.onMessage(fromElement(e)), null, 'message');
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** The meeting's lobby state from its disco#info. */
  async info() {
    const result = await this.xmpp.sendIQ(
      $iq({ type: 'get', to: this.roomJid }).c('query', { xmlns: NS_DISCO_INFO }),
    );
    return readRoomInfo(first(fromElement(result), 'query') || el('query'));
  }

  /** Turns the lobby on (moderators): members first for everyone here, then the form. */
  async enable() {
    for (const o of this.muc.occupants.values()) {
      if (o.jid && o.nick !== 'focus' && !['member', 'admin', 'owner'].includes(o.affiliation)) {
        await this.xmpp.sendIQ(appendTo($iq({ type: 'set', to: this.roomJid }), memberQuery(o.jid), 'jabber:client'));
      }
    }
    await this.configure(true);
  }

  /** Turns the lobby off (moderators); those waiting are sent to the meeting. */
  disable() {
    return this.configure(false);
  }

  async configure(on) {
    await this.xmpp.sendIQ($iq({ type: 'get', to: this.roomJid }).c('query', { xmlns: NS_OWNER }));
    await this.xmpp.sendIQ(appendTo($iq({ type: 'set', to: this.roomJid }), membersOnlyQuery(on), 'jabber:client'));
  }

  /** Joins the lobby room: as a moderator with our nick, or waiting with our display name. */
  join(lobbyRoom, displayName) {
    this.lobbyRoom = lobbyRoom;
    const p = $pres({ to: `${lobbyRoom}/${this.muc.nick}` }).c('x', { xmlns: NS_MUC }).up();
    if (displayName) p.c('nick', { xmlns: NS_NICK }).t(displayName).up();
    this.xmpp.send(p);
  }

  /** Knocks: waits in the lobby until approved, denied or the lobby is turned off. */
  knock(lobbyRoom, displayName) {
    this.waiting = true;
    this.join(lobbyRoom, displayName);
  }

  /** Moderators: follow the meeting's lobby (join it while on, forget its knockers when off). */
  async watch() {
    const { membersOnly, lobbyRoom } = await this.info();
    this.emit('state', { on: membersOnly && !!lobbyRoom });
    if (membersOnly && lobbyRoom && this.lobbyRoom !== lobbyRoom) this.join(lobbyRoom, null);
  }

  /** Leaves the lobby room (after getting in, or when giving up). */
  leave() {
    if (!this.lobbyRoom) return;
    this.xmpp.send($pres({ to: `${this.lobbyRoom}/${this.muc.nick}`, type: 'unavailable' }));
    this.lobbyRoom = null;
    this.waiting = false;
    this.knockers.clear();
  }

  approve(nick) {
    const k = this.knockers.get(nick);
    if (!k?.jid) return;
    const x = first(approveMessage(this.roomJid, [k.jid]), 'x');
    this.xmpp.send(appendTo($msg({ to: this.roomJid }), x, 'jabber:client'));
  }

  async deny(nick) {
    if (!this.lobbyRoom) return;
    await this.xmpp.sendIQ(appendTo($iq({ type: 'set', to: this.lobbyRoom }), denyQuery(nick), 'jabber:client'));
  }

  onPresence(tree) {
    const from = tree.attrs.from || '';
    if (!this.lobbyRoom || !from.startsWith(this.lobbyRoom + '/')) return;
    if (tree.attrs.type === 'error') {
      if (this.waiting) this.emit('failed', { text: first(first(tree, 'error') || el('error'), 'text')?.text || '' });
      return;
    }
    const p = readLobbyPresence(tree);
    if (p.self || p.nick === this.muc.nick) {
      if (!p.unavailable) return;
      const wasWaiting = this.waiting;
      this.lobbyRoom = null;
      this.waiting = false;
      for (const nick of this.knockers.keys()) this.emit('knock-left', { nick });
      this.knockers.clear();
      if (!wasWaiting) this.emit('state', { on: false });
      else if (p.destroyed && p.venue === this.roomJid) this.emit('opened', {});
      else if (p.kicked) this.emit('denied', {});
      else if (p.destroyed) this.emit('closed', {});
      return;
    }
    if (p.unavailable) {
      if (this.knockers.delete(p.nick)) this.emit('knock-left', { nick: p.nick });
      return;
    }
    if (this.waiting) return;
    const knocker = { nick: p.nick, displayName: p.displayName, jid: p.jid };
    const known = this.knockers.has(p.nick);
    this.knockers.set(p.nick, knocker);
    if (!known) this.emit('knock', knocker);
  }

  onMessage(tree) {
    if (this.waiting && isInvitation(tree, this.roomJid)) this.emit('approved', {});
  }
}
