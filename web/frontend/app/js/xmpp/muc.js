// The meeting room (XEP-0045): joining with or without a password, the occupants and their
// presence, group chat, and the owner's configuration form for a room password.
import { $pres, $msg, $iq } from '/libs/strophe.esm.js';
import { fromElement, appendTo, first } from './xml-tree.js';
import { NS_MUC, presenceChildren, readPresence, joinError } from './presence.js';
import { readPrivateMessage, readRemoval } from './moderation.js';
import { NS_JITMEET, parseJsonMessage } from './polls.js';
import { lobbyRoomOf } from './lobby-wire.js';
import { readFileMessage, oobElement } from './upload.js';

const NS_OWNER = 'http://jabber.org/protocol/muc#owner';
const NS_DATA = 'jabber:x:data';

export class MucRoom extends EventTarget {
  /**
   * @param xmpp the XmppConnection
   * @param roomJid room@muc.domain
   * @param nick our nick (the endpoint id)
   */
  constructor(xmpp, roomJid, nick) {
    super();
    this.xmpp = xmpp;
    this.roomJid = roomJid;
    this.nick = nick;
    this.occupants = new Map();
    this.joined = false;
    this.me = null;
    this.local = { endpointId: nick, displayName: '', audioMuted: false, videoMuted: false };
    this.pendingJoin = null;
    xmpp.addHandler((e) => this.onPresence(fromElement(e)), null, 'presence');
    xmpp.addHandler((e) => this.onMessage(fromElement(e)), null, 'message');
  }

  get jid() {
    return `${this.roomJid}/${this.nick}`;
  }

  /** Joins; resolves with our own occupant, rejects with {condition, text, kind}. */
  join(password) {
    this.password = password || null;
    return new Promise((resolve, reject) => {
      this.pendingJoin = { resolve, reject };
      this.xmpp.send(this.presence(true));
    });
  }

  /** Our presence: the join carries the MUC `x` (with the password); updates carry the state. */
  presence(join) {
    const p = $pres({ to: this.jid });
    if (join) {
      p.c('x', { xmlns: NS_MUC });
      if (this.password) p.c('password').t(this.password).up();
      p.up();
    }
    for (const child of presenceChildren(this.local)) appendTo(p, child, 'jabber:client');
    return p;
  }

  /** Publishes changed local state (mute, hand, screen share, name). */
  update(changes) {
    Object.assign(this.local, changes);
    if (this.joined) this.xmpp.send(this.presence(false));
  }

  onPresence(tree) {
    const from = tree.attrs.from || '';
    if (!from.startsWith(this.roomJid + '/') && from !== this.roomJid) return;
    if (tree.attrs.type === 'error') {
      if (this.pendingJoin) {
        const p = this.pendingJoin;
        this.pendingJoin = null;
        p.reject({ ...joinError(tree), lobbyRoom: lobbyRoomOf(tree) });
      }
      return;
    }
    const o = readPresence(tree);
    if (o.self || o.nick === this.nick) {
      if (o.unavailable) {
        this.joined = false;
        this.dispatchEvent(new CustomEvent('left', { detail: { ...o, removal: readRemoval(tree) } }));
        return;
      }
      this.me = o;
      if (!this.joined) {
        this.joined = true;
        this.dispatchEvent(new CustomEvent('joined', { detail: o }));
      }
      if (this.pendingJoin) {
        const p = this.pendingJoin;
        this.pendingJoin = null;
        p.resolve(o);
      }
      this.dispatchEvent(new CustomEvent('self-changed', { detail: o }));
      return;
    }
    if (o.unavailable) {
      if (this.occupants.delete(o.nick)) this.dispatchEvent(new CustomEvent('occupant-left', { detail: o }));
      return;
    }
    const known = this.occupants.has(o.nick);
    this.occupants.set(o.nick, o);
    this.dispatchEvent(new CustomEvent(known ? 'occupant-changed' : 'occupant-joined', { detail: o }));
  }

  onMessage(tree) {
    const from = tree.attrs.from || '';
    if (!from.startsWith(this.roomJid)) return;
    if (this.onJsonOrError(tree, from)) return;
    const whisper = readPrivateMessage(tree, this.roomJid);
    if (whisper) {
      const name = this.occupants.get(whisper.nick)?.displayName || '';
      this.dispatchEvent(new CustomEvent('private-chat', { detail: { ...whisper, displayName: name } }));
      return;
    }
    if (tree.attrs.type === 'groupchat') {
      const x = first(tree, 'x', `${NS_MUC}#user`);
      if (x?.children.some((c) => c.name === 'status' && c.attrs.code === '104')) {
        // The configuration changed (a password set or removed): ask disco#info again.
        this.dispatchEvent(new CustomEvent('config-changed'));
      }
      const body = first(tree, 'body');
      if (!body) return;
      const nick = from.slice(from.indexOf('/') + 1);
      const delayed = !!first(tree, 'delay', 'urn:xmpp:delay');
      const name = this.occupants.get(nick)?.displayName || (nick === this.nick ? this.local.displayName : '');
      this.dispatchEvent(
        new CustomEvent('chat', {
          detail: { nick, displayName: name, text: body.text, self: nick === this.nick, delayed, file: readFileMessage(tree) },
        }),
      );
    }
  }

  /**
   * Polls and other JSON from the room (json-message: 'json-message' events with the sender's nick,
   * null for the room itself) and refused messages ('message-error' with {condition, text}).
   */
  onJsonOrError(tree, from) {
    if (tree.attrs.type === 'error') {
      this.dispatchEvent(new CustomEvent('message-error', { detail: joinError(tree) }));
      return true;
    }
    const json = first(tree, 'json-message', NS_JITMEET);
    if (!json) return false;
    const nick = from === this.roomJid ? null : from.slice(this.roomJid.length + 1);
    const delayed = !!first(tree, 'delay', 'urn:xmpp:delay');
    const data = parseJsonMessage(json.text);
    if (data) this.dispatchEvent(new CustomEvent('json-message', { detail: { nick, data, delayed, type: tree.attrs.type || null } }));
    return true;
  }

  /** JSON to everyone in the room (polls), as lib-jitsi-meet's sendMessage(object) sends it. */
  sendJson(text) {
    this.xmpp.send($msg({ to: this.roomJid, type: 'groupchat' }).c('json-message', { xmlns: NS_JITMEET }).t(text));
  }

  sendChat(text) {
    this.xmpp.send($msg({ to: this.roomJid, type: 'groupchat' }).c('body').t(text));
  }

  /** A shared file: its URL as the body and in XEP-0066 <x xmlns='jabber:x:oob'> with its name. */
  sendFile(url, name) {
    const m = $msg({ to: this.roomJid, type: 'groupchat' }).c('body').t(url).up();
    this.xmpp.send(appendTo(m, oobElement(url, name), 'jabber:client'));
  }

  /** A private message to one occupant (XEP-0045 §7.5): type chat to its occupant JID. */
  sendPrivate(nick, text) {
    this.xmpp.send($msg({ to: `${this.roomJid}/${nick}`, type: 'chat' }).c('body').t(text));
  }

  /** Sends a muc#admin query (moderation.js builds it); rejects with the server's {condition, text, message}. */
  async admin(query) {
    try {
      await this.xmpp.sendIQ(appendTo($iq({ type: 'set', to: this.roomJid }), query, 'jabber:client'));
    } catch (e) {
      throw iqError(e);
    }
  }

  /**
   * Sets the room password through the owner's configuration form (muc#roomconfig_roomsecret), or
   * removes it with an empty one, as lib-jitsi-meet's lock()/unlock() do (docs/wire.md "Room
   * password"). Rejects with the server's {condition, text} when refused.
   */
  async setPassword(secret) {
    const field = (form, name, value) => form.c('field', { var: name }).c('value').t(value).up().up();
    try {
      await this.xmpp.sendIQ($iq({ type: 'get', to: this.roomJid }).c('query', { xmlns: NS_OWNER }));
      const form = $iq({ type: 'set', to: this.roomJid })
        .c('query', { xmlns: NS_OWNER })
        .c('x', { xmlns: NS_DATA, type: 'submit' });
      field(form, 'FORM_TYPE', 'http://jabber.org/protocol/muc#roomconfig');
      field(form, 'muc#roomconfig_passwordprotectedroom', secret ? '1' : '0');
      field(form, 'muc#roomconfig_roomsecret', secret);
      await this.xmpp.sendIQ(form);
    } catch (e) {
      throw iqError(e);
    }
    this.password = secret || null;
  }

  /** Whether the room asks for a password now (disco#info feature muc_passwordprotected). */
  async passwordProtected() {
    const result = await this.xmpp.sendIQ(
      $iq({ type: 'get', to: this.roomJid }).c('query', { xmlns: 'http://jabber.org/protocol/disco#info' }),
    );
    const tree = fromElement(result);
    const query = first(tree, 'query');
    return !!query?.children.some((c) => c.name === 'feature' && c.attrs.var === 'muc_passwordprotected');
  }

  /** Leaves without waiting for the room's answer (a page that is going away). */
  leaveNow() {
    if (!this.joined) return;
    this.xmpp.send($pres({ to: this.jid, type: 'unavailable' }));
    this.xmpp.flush();
  }

  /** Leaves; resolves when the room confirms (our own unavailable presence) or after 2 s. */
  leave() {
    if (!this.joined) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 2000);
      this.addEventListener(
        'left',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
      this.xmpp.send($pres({ to: this.jid, type: 'unavailable' }));
      this.xmpp.flush();
    });
  }
}

/** A refused IQ as {condition, text, message}; errors that are no stanza (a timeout) pass as they are. */
export function iqError(e) {
  if (e instanceof Error) return e;
  const { condition, text } = joinError(fromElement(e));
  return { condition, text, message: text || condition };
}
