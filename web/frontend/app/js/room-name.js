// A meeting's name, as the address bar and the landing page give it: letters of any script, digits
// and combining marks, with - and _ after the first character; lower case, as Jitsi's rooms are
// (the MUC service lowercases the room JID's node too), in Unicode's composed form (NFC), so that
// /планёрка typed with a combining diaeresis and with ё are the same room.

/** The characters a room name may have. */
export const ROOM_NAME = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}_-]*$/u;

/** The longest name, in characters (the landing page's input says the same). */
export const ROOM_NAME_MAX = 80;

/** The room name in canonical form, or null when the text is not one. */
export function roomName(text) {
  const name = String(text ?? '')
    .trim()
    .normalize('NFC')
    .toLowerCase();
  return name.length <= ROOM_NAME_MAX && ROOM_NAME.test(name) ? name : null;
}
