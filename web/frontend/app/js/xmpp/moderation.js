// What moderators send and what participants hear about it (docs/wire.md "Mute", issue 16): the
// mute request to the focus's occupant JID, the focus's notice to the muted participant, kick and
// grant moderator (XEP-0045 muc#admin, keyed by nick as lib-jitsi-meet sends them), and private
// messages (type chat to an occupant). Pure: trees in, trees out, tested by node.
import { el, first } from './xml-tree.js';
import { NS_MUC_USER } from './presence.js';

export const NS_MUTE = { audio: 'http://jitsi.org/jitmeet/audio', video: 'http://jitsi.org/jitmeet/video' };
export const NS_MUC_ADMIN = 'http://jabber.org/protocol/muc#admin';

/**
 * Whether we may moderate, as Jitsi's client decides it for itself: the owner affiliation and the
 * moderator role in our own presence (an admin, or a member with the moderator role, is not).
 */
export function isLocalModerator(me) {
  return !!me && me.affiliation === 'owner' && me.role === 'moderator';
}

/** The payload of a mute request about `nick` (to the focus's occupant JID): `<mute jid=...>true</mute>`. */
export function muteRequest(roomJid, nick, media, muted) {
  if (!NS_MUTE[media]) throw new Error(`no mute for ${media}`);
  return el('mute', { xmlns: NS_MUTE[media], jid: `${roomJid}/${nick}` }, [muted ? 'true' : 'false']);
}

/**
 * Reads the focus's notice that a moderator muted us: {media, muted, actor} with the actor's nick,
 * or null when the IQ is not one (another payload, or not from the focus's occupant JID, whom
 * alone Jitsi's client believes). Only the text `true` mutes; anything else is no mute.
 */
export function readMuteNotice(iq, roomJid) {
  if (iq.attrs.type !== 'set' || iq.attrs.from !== `${roomJid}/focus`) return null;
  for (const [media, ns] of Object.entries(NS_MUTE)) {
    const mute = first(iq, 'mute', ns);
    if (!mute) continue;
    const actor = mute.attrs.actor || '';
    const slash = actor.indexOf('/');
    return {
      media,
      muted: mute.text.trim() === 'true',
      actor: actor.startsWith(`${roomJid}/`) ? actor.slice(slash + 1) : null,
    };
  }
  return null;
}

/** A muc#admin query with one item (kick: role none; grant moderator: affiliation owner). */
function adminQuery(item, reason) {
  return el('query', { xmlns: NS_MUC_ADMIN }, [el('item', item, reason ? [el('reason', {}, [reason])] : [])]);
}

/** Kicks the occupant `nick` (its role becomes none; the room says 307 to everyone). */
export function kickQuery(nick, reason = 'You have been removed from the meeting.') {
  return adminQuery({ nick, role: 'none' }, reason);
}

/** Makes the occupant `nick` an owner, which the room makes a moderator (lib-jitsi-meet's grantOwner). */
export function grantOwnerQuery(nick) {
  return adminQuery({ nick, affiliation: 'owner' }, null);
}

/**
 * Takes the owner affiliation back (lib-jitsi-meet's revokeOwner): affiliation none, so the room
 * makes the occupant a participant again.
 */
export function revokeOwnerQuery(nick) {
  return adminQuery({ nick, affiliation: 'none' }, null);
}

/**
 * A private message from an occupant (type chat from room@muc/nick): {nick, text}, or null for
 * anything else (group chat, errors, messages without a body, messages from outside the room).
 */
export function readPrivateMessage(message, roomJid) {
  const from = message.attrs.from || '';
  if (message.attrs.type !== 'chat' || !from.startsWith(`${roomJid}/`)) return null;
  const body = first(message, 'body');
  if (!body || !body.text) return null;
  return { nick: from.slice(roomJid.length + 1), text: body.text };
}

/**
 * How we left the room, from our own unavailable presence: the room destroyed (the meeting ended,
 * with its reason), kicked (307) by whom, or simply left.
 */
export function readRemoval(presence) {
  const x = first(presence, 'x', NS_MUC_USER);
  const destroy = x && first(x, 'destroy');
  if (destroy) return { kicked: false, destroyed: true, reason: first(destroy, 'reason')?.text || '' };
  const codes = x ? x.children.filter((c) => c.name === 'status').map((c) => c.attrs.code) : [];
  if (!codes.includes('307')) return { kicked: false };
  const item = x && first(x, 'item');
  return {
    kicked: true,
    actor: (item && first(item, 'actor')?.attrs.nick) || null,
    reason: (item && first(item, 'reason')?.text) || '',
  };
}
