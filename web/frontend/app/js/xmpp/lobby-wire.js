// Jitsi's lobby on the wire (docs/wire.md "Lobby"), as lib-jitsi-meet speaks it: what the app sends
// and reads, pure (trees in, trees out) and tested by node; xmpp/lobby.js drives it.
import { el, all, first } from './xml-tree.js';
import { NS_MUC_USER, readPresence } from './presence.js';
import { NS_MUC_ADMIN } from './moderation.js';

export const NS_OWNER = 'http://jabber.org/protocol/muc#owner';
const NS_DATA = 'jabber:x:data';

/** The lobby room a members-only refusal names, or null: `<lobbyroom>` beside the error or in it. */
export function lobbyRoomOf(presence) {
  const error = first(presence, 'error');
  const node = first(presence, 'lobbyroom') || (error && first(error, 'lobbyroom'));
  return node?.text.trim() || null;
}

/** The owner's form turning members-only (so the lobby) on or off, as lib-jitsi-meet submits it. */
export function membersOnlyQuery(on) {
  const field = (v, value) => el('field', { var: v }, [el('value', {}, [value])]);
  return el('query', { xmlns: NS_OWNER }, [
    el('x', { xmlns: NS_DATA, type: 'submit' }, [
      field('FORM_TYPE', 'http://jabber.org/protocol/muc#roomconfig'),
      field('muc#roomconfig_membersonly', on ? 'true' : 'false'),
    ]),
  ]);
}

/** Membership for someone already in the meeting, so turning the lobby on does not remove them. */
export function memberQuery(jid) {
  const bare = jid.split('/')[0];
  return el('query', { xmlns: NS_MUC_ADMIN }, [el('item', { affiliation: 'member', jid: bare })]);
}

/** Approval: a message to the meeting inviting each knocker by real JID. */
export function approveMessage(roomJid, jids) {
  return el('message', { to: roomJid }, [
    el('x', { xmlns: NS_MUC_USER }, jids.map((jid) => el('invite', { to: jid }))),
  ]);
}

/** Denial: the knocker is kicked from the lobby (role none, by nick). */
export function denyQuery(nick) {
  return el('query', { xmlns: NS_MUC_ADMIN }, [el('item', { nick, role: 'none' })]);
}

/** The room's disco#info as the lobby needs it: {membersOnly, lobbyRoom}. */
export function readRoomInfo(query) {
  const membersOnly = all(query, 'feature').some((f) => f.attrs.var === 'muc_membersonly');
  const form = all(query, 'x', NS_DATA).find((x) => x.attrs.type === 'result');
  const field = form && all(form, 'field').find((f) => f.attrs.var === 'muc#roominfo_lobbyroom');
  const lobbyRoom = (field && first(field, 'value')?.text.trim()) || null;
  return { membersOnly, lobbyRoom };
}

/** Whether a message is the meeting's invitation (our approval). */
export function isInvitation(message, roomJid) {
  if (message.attrs.from !== roomJid || message.attrs.type === 'error') return false;
  const x = first(message, 'x', NS_MUC_USER);
  return !!(x && first(x, 'invite'));
}

/**
 * A presence from the lobby: readPresence's fields plus `kicked` (status 307) and `venue`, the JID a
 * destroyed lobby names (the meeting, when the lobby was turned off).
 */
export function readLobbyPresence(presence) {
  const p = readPresence(presence);
  const x = first(presence, 'x', NS_MUC_USER);
  const destroy = x && first(x, 'destroy');
  return { ...p, kicked: p.codes.includes(307), destroyed: !!destroy, venue: destroy?.attrs.jid || null };
}
