// The MUC presence a participant publishes and what we read from others' (WIRE.md §1). The
// Jitsi elements (SourceInfo, stats-id, jitsi_participant_*) are un-namespaced, that is in
// jabber:client, where Jicofo looks for them.
import { el, all, first } from './xml-tree.js';
import { handTimestamp } from '../hands.js';
import { CODEC_LIST_ELEMENT, CODEC_TYPE_ELEMENT, encodeCodecList, decodeCodecList } from '../media/codecs.js';

export const NS_MUC = 'http://jabber.org/protocol/muc';
export const NS_MUC_USER = 'http://jabber.org/protocol/muc#user';
export const NS_NICK = 'http://jabber.org/protocol/nick';
export const NS_CAPS = 'http://jabber.org/protocol/caps';
export const CAPS_NODE = 'https://jitsi.org/jitsi-meet';

/** What Jicofo learns from our disco#info: the offer parts we can take (WIRE.md §1). */
export const FEATURES = [
  'http://jabber.org/protocol/disco#info',
  'urn:xmpp:jingle:1',
  'urn:xmpp:jingle:apps:rtp:1',
  'urn:xmpp:jingle:apps:rtp:audio',
  'urn:xmpp:jingle:apps:rtp:video',
  'urn:xmpp:jingle:transports:ice-udp:1',
  'urn:xmpp:jingle:apps:dtls:0',
  'urn:ietf:rfc:4588',
  'urn:ietf:rfc:5761',
  'urn:ietf:rfc:5888',
  'http://jitsi.org/tcc',
  'http://jitsi.org/source-name',
  'http://jitsi.org/receive-multiple-video-streams',
  'http://jitsi.org/json-encoded-sources',
];

/**
 * The children of our presence: nick, stats-id, caps, SourceInfo (mute state and video type per
 * source), codec list and the raised hand. The codec list is our video codec preference order,
 * lower case and comma-separated, as lib-jitsi-meet publishes it: `av1,vp9,vp8,h264`. An e-mail,
 * when given, goes in an un-namespaced `email` (lib-jitsi-meet's setEmail): the focus hands the
 * owner's to the allocation hook (`Email=`).
 */
export function presenceChildren(p) {
  const sourceInfo = {};
  sourceInfo[`${p.endpointId}-a0`] = { muted: !!p.audioMuted };
  sourceInfo[`${p.endpointId}-v0`] = { muted: !!p.videoMuted };
  if (p.screenSharing) sourceInfo[`${p.endpointId}-v1`] = { muted: false, videoType: 'desktop' };
  const children = [
    el('nick', { xmlns: NS_NICK }, [p.displayName || '']),
    el('stats-id', {}, [p.statsId || p.endpointId]),
    el('c', { xmlns: NS_CAPS, hash: 'sha-1', node: CAPS_NODE, ver: p.capsVer || '' }),
    el('SourceInfo', {}, [JSON.stringify(sourceInfo)]),
    el(CODEC_LIST_ELEMENT, {}, [encodeCodecList(p.codecList && p.codecList.length ? p.codecList : ['vp8'])]),
  ];
  if (p.email) children.push(el('email', {}, [p.email]));
  // Raised: the time it went up; lowered after that: 0, which Jitsi's clients read as lowered (they
  // keep the last value they saw, so the element stays once sent).
  if (p.raisedHand) children.push(el('jitsi_participant_raisedHand', {}, [String(p.raisedHand)]));
  else if (p.raisedHand === false) children.push(el('jitsi_participant_raisedHand', {}, ['0']));
  return children;
}

/**
 * Reads an occupant's presence: nick (endpoint id), display name, real JID, role and affiliation,
 * status codes, mute state and screen share from SourceInfo, raised hand, and the video codecs it
 * takes (`codecList`: from jitsi_participant_codecList, else the older jitsi_participant_codecType
 * as a list of one, as lib-jitsi-meet reads them; null when it publishes neither).
 */
export function readPresence(tree) {
  const from = tree.attrs.from || '';
  const nick = from.slice(from.indexOf('/') + 1);
  const x = first(tree, 'x', NS_MUC_USER);
  const item = x ? first(x, 'item') : null;
  const codes = x ? all(x, 'status').map((s) => Number(s.attrs.code)) : [];
  let sources = {};
  const si = first(tree, 'SourceInfo');
  if (si && si.text.trim()) {
    try {
      sources = JSON.parse(si.text);
    } catch {
      sources = {};
    }
  }
  const mutedOf = (kind) => {
    const entry = Object.entries(sources).find(([k, v]) => k.endsWith(`-${kind}0`) && !v.videoType);
    return entry ? entry[1].muted !== false : true;
  };
  const hand = first(tree, 'jitsi_participant_raisedHand');
  const codecListEl = first(tree, CODEC_LIST_ELEMENT);
  const codecTypeEl = first(tree, CODEC_TYPE_ELEMENT);
  let codecList = null;
  if (codecListEl) codecList = decodeCodecList(codecListEl.text);
  else if (codecTypeEl && codecTypeEl.text.trim()) codecList = [codecTypeEl.text.trim().toLowerCase()];
  return {
    nick,
    unavailable: tree.attrs.type === 'unavailable',
    displayName: first(tree, 'nick', NS_NICK)?.text || '',
    jid: item?.attrs.jid || null,
    role: item?.attrs.role || null,
    affiliation: item?.attrs.affiliation || null,
    codes,
    self: codes.includes(110),
    audioMuted: mutedOf('a'),
    videoMuted: mutedOf('v'),
    screenSharing: Object.values(sources).some((v) => v.videoType === 'desktop' && v.muted === false),
    raisedHand: hand ? handTimestamp(hand.text) : 0,
    codecList,
  };
}

/**
 * The MUC join error as the app shows it, from a presence of type error (XEP-0045 §7.2).
 * private- rooms answer not-authorized both for a missing or wrong password and while their owner
 * has not set one yet; the text tells which.
 */
export function joinError(tree) {
  const error = first(tree, 'error');
  if (!error) return { condition: 'unknown', text: '' };
  const condition =
    error.children.find((c) => c.xmlns === 'urn:ietf:params:xml:ns:xmpp-stanzas' && c.name !== 'text')?.name ||
    'unknown';
  const text = first(error, 'text')?.text || '';
  let kind = 'other';
  if (condition === 'not-authorized' && /not open yet|has not set a password/i.test(text)) kind = 'not-open';
  else if (condition === 'not-authorized') kind = 'password';
  else if (condition === 'resource-constraint') kind = 'too-many-attempts';
  else if (condition === 'registration-required' || condition === 'forbidden' || condition === 'not-allowed') {
    kind = 'denied';
  } else if (condition === 'conflict') kind = 'conflict';
  else if (condition === 'service-unavailable') kind = 'full';
  return { condition, text, kind };
}

/** The XEP-0115 verification string for our identity and features (SHA-1 input, before hashing). */
export function capsInput(features = FEATURES) {
  return 'client/web//Huddle<' + [...features].sort().map((f) => f + '<').join('');
}
