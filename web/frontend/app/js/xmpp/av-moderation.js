// A/V moderation (docs/wire.md "A/V moderation"): moderators decide who may unmute. The requests
// to the avmoderation component, its json-messages read back, and what they mean for us. Pure:
// trees in, trees and plain objects out, tested by node.
import { el, first, all } from './xml-tree.js';

export const AV_MODERATION_IDENTITY = 'av_moderation';
export const NS_JITMEET = 'http://jitsi.org/jitmeet';
export const MEDIA = ['audio', 'video'];

/**
 * The component's address from the domain's disco#info (the `av_moderation` identity's name), or
 * null when the server has none.
 */
export function componentAddress(query) {
  const identity = all(query, 'identity').find((i) => i.attrs.type === AV_MODERATION_IDENTITY);
  return identity?.attrs.name || null;
}

/** lib-jitsi-meet's request: a message to the component with `<av_moderation .../>` in jabber:client. */
function request(to, attrs) {
  return el('message', { to }, [el('av_moderation', attrs)]);
}

/** Turns moderation of `media` on or off (moderators). */
export function enableRequest(to, media, on) {
  return request(to, { enable: on ? 'true' : 'false', mediaType: media });
}

/** Allows the occupant `occupantJid` (room@muc/nick) to unmute `media`. */
export function approveRequest(to, media, occupantJid) {
  return request(to, { mediaType: media, jidToWhitelist: occupantJid });
}

/** Takes that permission back. */
export function rejectRequest(to, media, occupantJid) {
  return request(to, { mediaType: media, jidToBlacklist: occupantJid });
}

/**
 * The component's message as an object ({type: 'av_moderation', room, enabled, actor, mediaType,
 * whitelists, approved, removed, from}), or null when it is not one: not from the component's
 * bare address, no json-message, not JSON, another type, or about another room.
 */
export function readMessage(message, address, roomJid) {
  if (!address || message.attrs.from !== address || message.attrs.type === 'error') return null;
  const json = first(message, 'json-message', NS_JITMEET);
  if (!json) return null;
  let body;
  try {
    body = JSON.parse(json.text);
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object' || body.type !== 'av_moderation') return null;
  if (roomJid && body.room && body.room !== roomJid) return null;
  return body;
}

/** The nick of an occupant JID of `roomJid`, or null. */
function nickOf(occupantJid, roomJid) {
  return typeof occupantJid === 'string' && occupantJid.startsWith(`${roomJid}/`) ? occupantJid.slice(roomJid.length + 1) : null;
}

/**
 * What we know of the room's A/V moderation, and what each message changes, as the events
 * lib-jitsi-meet fires: 'changed' {media, enabled, actor}, 'approved' {media} (we may unmute),
 * 'rejected' {media}, 'asked' {media, by} (a moderator asks us to unmute while nothing is
 * moderated), 'participant-approved' and 'participant-rejected' {media, nick} (for moderators).
 */
export class AvModerationState {
  constructor(roomJid, myNick) {
    this.roomJid = roomJid;
    this.myNick = myNick;
    this.enabled = { audio: false, video: false };
    /** Whether a moderator allowed us, per medium (as the component told us). */
    this.approved = { audio: false, video: false };
    /** The whitelists by medium, as nicks (moderators get them). */
    this.whitelists = { audio: [], video: [] };
  }

  /** Applies one message; returns the events it means, in order. */
  apply(msg) {
    const media = msg.mediaType;
    if (!MEDIA.includes(media)) return [];
    const events = [];
    if (msg.whitelists && typeof msg.whitelists === 'object') {
      const before = this.whitelists[media];
      const list = Array.isArray(msg.whitelists[media]) ? msg.whitelists[media] : [];
      const now = list.map((j) => nickOf(j, this.roomJid)).filter(Boolean);
      if (msg.removed) {
        for (const nick of before.filter((n) => !now.includes(n))) events.push({ type: 'participant-rejected', media, nick });
      } else {
        for (const nick of now.filter((n) => !before.includes(n))) events.push({ type: 'participant-approved', media, nick });
      }
      this.whitelists[media] = now;
      if (this.myNick) this.approved[media] = now.includes(this.myNick);
    } else if (typeof msg.enabled === 'boolean') {
      if (this.enabled[media] !== msg.enabled) {
        this.enabled[media] = msg.enabled;
        if (!msg.enabled) {
          this.approved[media] = false;
          this.whitelists[media] = [];
        }
        events.push({ type: 'changed', media, enabled: msg.enabled, actor: nickOf(msg.actor, this.roomJid) });
      }
    } else if (msg.removed) {
      this.approved[media] = false;
      events.push({ type: 'rejected', media });
    } else if (msg.approved) {
      if (msg.from && !this.enabled[media]) {
        events.push({ type: 'asked', media, by: nickOf(msg.from, this.roomJid) });
      } else {
        this.approved[media] = true;
        events.push({ type: 'approved', media });
      }
    }
    return events;
  }

  /** Whether we may unmute `media`: not moderated, or we moderate, or a moderator allowed us. */
  mayUnmute(media, isModerator) {
    return !this.enabled[media] || !!isModerator || this.approved[media];
  }

  /** Whether a participant (by nick) is on the whitelist of `media` (what moderators see). */
  allows(media, nick) {
    return this.whitelists[media].includes(nick);
  }
}
