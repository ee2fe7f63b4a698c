// Jitsi's breakout rooms on the wire (docs/wire.md, "Breakout rooms"), as pure data in and out so
// that node's test runner checks it: the requests a moderator sends the breakout rooms component
// (its address is the breakout MUC's domain, found as the disco identity type 'breakout_rooms' on
// our domain), and what the component's JSON messages mean: the meeting's rooms and who is in
// them, or an order to move to another room.
import { el, first } from './xml-tree.js';

export const IDENTITY = 'breakout_rooms';
export const NS_JITMEET = 'http://jitsi.org/jitmeet';
const PREFIX = 'features/breakout-rooms/';
export const ACTIONS = { add: `${PREFIX}add`, remove: `${PREFIX}remove`, rename: `${PREFIX}rename`, move: `${PREFIX}move-to-room` };
export const EVENTS = { update: `${PREFIX}update`, move: `${PREFIX}move-to-room` };

/** The component's address from our domain's disco#info identities ([{category, type, name}]), or null. */
export function componentAddress(identities) {
  const found = (identities || []).find((i) => i.type === IDENTITY && i.name);
  return found ? found.name : null;
}

/** The request message (a tree) for one action: `{type: 'add', subject}`, `{type: 'move', participantJid, roomJid}`... */
export function request(component, action) {
  const { type, ...rest } = action;
  if (!ACTIONS[type]) throw new Error(`unknown breakout rooms action: ${type}`);
  return el('message', { to: component, xmlns: 'jabber:client' }, [el(IDENTITY, { type: ACTIONS[type], ...rest })]);
}

export const addRoom = (component, subject) => request(component, { type: 'add', subject });
export const removeRoom = (component, breakoutRoomJid) => request(component, { type: 'remove', breakoutRoomJid });
export const renameRoom = (component, breakoutRoomJid, subject) => request(component, { type: 'rename', breakoutRoomJid, subject });
export const sendToRoom = (component, participantJid, roomJid) => request(component, { type: 'move', participantJid, roomJid });

/**
 * What a message (a tree) from the component says: `{event: 'update', rooms, roomCounter}` with
 * rooms as a list `{id, jid, name, isMain, participants: [{occupantJid, nick, jid, role,
 * displayName}]}`, main room first; `{event: 'move', roomJid}`; or null when it is not one of the
 * component's (another sender, no JSON, bad JSON, another type).
 */
export function readMessage(message, component) {
  if (!component || message.attrs.from !== component || message.attrs.type === 'error') return null;
  const body = first(message, 'json-message', NS_JITMEET);
  if (!body) return null;
  let json;
  try {
    json = JSON.parse(body.text);
  } catch {
    return null;
  }
  if (!json || json.type !== IDENTITY) return null;
  if (json.event === EVENTS.move && typeof json.roomJid === 'string') return { event: 'move', roomJid: json.roomJid };
  if (json.event !== EVENTS.update || typeof json.rooms !== 'object' || json.rooms === null) return null;
  const rooms = Object.values(json.rooms)
    .filter((r) => r && typeof r.jid === 'string')
    .map((r) => ({
      id: r.id,
      jid: r.jid,
      name: r.name || '',
      isMain: r.isMainRoom === true,
      participants: Object.entries(r.participants || {}).map(([occupantJid, p]) => ({
        occupantJid,
        nick: occupantJid.slice(occupantJid.indexOf('/') + 1),
        jid: p.jid,
        role: p.role,
        displayName: p.displayName || '',
      })),
    }))
    .sort((a, b) => Number(b.isMain) - Number(a.isMain));
  return { event: 'update', rooms, roomCounter: json.roomCounter || 0 };
}

/** The real JID of the participant with this nick (endpoint id) in any of the rooms, or null. */
export function participantJid(rooms, nick) {
  for (const r of rooms) {
    const p = r.participants.find((x) => x.nick === nick);
    if (p) return p.jid;
  }
  return null;
}

/** The room a breakout room's disco#info form names as its meeting, when it is a breakout room. */
export function mainRoomOf(fields) {
  const breakout = fields['muc#roominfo_isbreakout'];
  if (!breakout || breakout === '0' || breakout === 'false') return null;
  return fields['muc#roominfo_breakout_main_room'] || null;
}
