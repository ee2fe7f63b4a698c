// Which video codec we send, chosen the way lib-jitsi-meet chooses it (docs/codecs-web.md):
//
// - our preference order comes from config.js (videoQuality.codecPreferenceOrder, or
//   mobileCodecPreferenceOrder on Android and iOS), keeps the codecs this browser can decode, and
//   moves those it cannot encode to the end;
// - we publish that order in presence as <jitsi_participant_codecList>av1,vp9,vp8,h264</...>;
// - we send the first codec of our order that every other participant lists (participants that
//   publish no list, such as a transcriber, are left out of the count) and that the focus offered;
// - VP8 and H.264 go out as three simulcast layers, VP9 and AV1 as one SSRC carrying spatial and
//   temporal layers (scalabilityMode L3T3_KEY at 720p and up), one plain layer where the browser
//   cannot do that, or as simulcast when config.videoQuality.<codec>.useSimulcast says so.
//
// Everything here is pure: the browser's capabilities come in as arguments.
import { parseSdp, attrs } from './sdp.js';

/** The video codecs we choose between, by their lower-case names as Jitsi's presence writes them. */
export const VIDEO_CODECS = ['av1', 'vp9', 'vp8', 'h264'];

/** jitsi-meet's defaults (lib-jitsi-meet's desktop and mobile orders; docker-jitsi-meet's). */
export const DEFAULT_ORDER = ['AV1', 'VP9', 'VP8', 'H264'];
export const DEFAULT_MOBILE_ORDER = ['VP8', 'VP9', 'H264', 'AV1'];

/** The presence element that carries a participant's codec list, and the older single-codec one. */
export const CODEC_LIST_ELEMENT = 'jitsi_participant_codecList';
export const CODEC_TYPE_ELEMENT = 'jitsi_participant_codecType';

/** Lower-case, known codecs only, each once, in the given order. */
export function normalizeOrder(list) {
  const out = [];
  for (const item of Array.isArray(list) ? list : []) {
    const c = String(item).trim().toLowerCase();
    if (VIDEO_CODECS.includes(c) && !out.includes(c)) out.push(c);
  }
  return out;
}

/** 'VP9' for 'vp9' or 'video/VP9'; null for anything else. */
export function codecName(value) {
  if (!value) return null;
  const c = String(value).replace(/^video\//i, '').toLowerCase();
  return VIDEO_CODECS.includes(c) ? c.toUpperCase() : null;
}

/**
 * What the browser can do with video codecs, from RTCRtpReceiver.getCapabilities('video') and
 * RTCRtpSender.getCapabilities('video') (either may be null).
 *
 * @returns {{decode: Set<string>, encode: Map<string, Set<string>>}} codec names in lower case;
 *     encode maps each to the scalability modes the sender lists for it
 */
export function browserCapabilities(receiverCaps, senderCaps) {
  const decode = new Set();
  for (const c of receiverCaps?.codecs || []) {
    const name = codecName(c.mimeType);
    if (name) decode.add(name.toLowerCase());
  }
  const encode = new Map();
  for (const c of senderCaps?.codecs || []) {
    const name = codecName(c.mimeType)?.toLowerCase();
    if (!name) continue;
    if (!encode.has(name)) encode.set(name, new Set());
    for (const m of c.scalabilityModes || []) encode.get(name).add(m);
  }
  return { decode, encode };
}

/** Whether a user agent is a phone's or tablet's (lib-jitsi-meet: Android or iOS). */
export function isMobileAgent(userAgent) {
  return /Android|iPhone|iPad|iPod/i.test(userAgent || '');
}

/**
 * Our codec preference order, lower case: config.js's order (jitsi-meet's default without one),
 * only the codecs the browser decodes, those it cannot encode moved to the end. Never empty: VP8
 * when nothing is left.
 */
export function localCodecOrder(config, caps, { mobile = false } = {}) {
  const vq = config?.videoQuality || {};
  const configured = mobile ? vq.mobileCodecPreferenceOrder : vq.codecPreferenceOrder;
  let order = normalizeOrder(configured && configured.length ? configured : mobile ? DEFAULT_MOBILE_ORDER : DEFAULT_ORDER);
  // A browser that tells nothing is taken to decode VP8 alone, as lib-jitsi-meet does.
  const decodable = caps && caps.decode.size ? caps.decode : new Set(['vp8']);
  order = order.filter((c) => decodable.has(c));
  if (caps && caps.encode.size) {
    order = [...order.filter((c) => caps.encode.has(c)), ...order.filter((c) => !caps.encode.has(c))];
  }
  return order.length ? order : ['vp8'];
}

/** The text of our codec list element: `av1,vp9,vp8,h264` (lib-jitsi-meet joins the array with commas). */
export function encodeCodecList(order) {
  return normalizeOrder(order).join(',');
}

/** A participant's codec list from its element's text; lower case, unknown names dropped. */
export function decodeCodecList(text) {
  return (text || '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * The codecs we may send in our order of preference, the first being the one to send: our order,
 * without the codecs some other participant does not list, nor those the focus did not offer.
 * Participants with no list (null or empty) do not count, as in lib-jitsi-meet. Returns [] when
 * nothing is left (lib-jitsi-meet then keeps what it has).
 *
 * @param localOrder our order (lower case)
 * @param remoteLists each other participant's list (lower case), or null
 * @param offered the video codecs of the focus's offer (any case), or null for no limit
 */
export function selectCodecOrder(localOrder, remoteLists, offered = null) {
  const offer = offered ? new Set(offered.map((c) => String(c).toLowerCase())) : null;
  return localOrder.filter(
    (codec) =>
      (!offer || offer.has(codec)) &&
      remoteLists.every((list) => !list || !list.length || list.includes(codec)),
  );
}

/**
 * The offer's payload types with those of the codecs in `order` first, in that order; the rest
 * (other codecs, rtx, red, ulpfec) keep their places after them. lib-jitsi-meet moves its
 * preferred codecs to the front the same way, so that the browser sends the first one.
 *
 * @param payloads [{id, name, ...}]
 * @param order codec names (any case)
 */
export function orderPayloads(payloads, order) {
  const rank = (p) => {
    const i = (order || []).findIndex((c) => String(c).toLowerCase() === String(p.name).toLowerCase());
    return i < 0 ? Infinity : i;
  };
  return payloads
    .map((p, index) => ({ p, index, r: rank(p) }))
    .sort((a, b) => (a.r === b.r ? a.index - b.index : a.r - b.r))
    .map((x) => x.p);
}

/** The video codec names of an offer's payload types, in order, without rtx/red/ulpfec. */
export function offeredCodecs(payloads) {
  const out = [];
  for (const p of payloads || []) {
    const c = codecName(p.name);
    if (c && !out.includes(c)) out.push(c);
  }
  return out;
}

// lib-jitsi-meet's maximum bitrates of the one SVC stream by quality level (bits per second).
const SVC_BITRATES = {
  av1: { ultraHd: 4000000, fullHd: 2000000, high: 1000000, standard: 300000, low: 100000 },
  vp9: { ultraHd: 5000000, fullHd: 2500000, high: 1200000, standard: 300000, low: 100000 },
};

function qualityLevel(height) {
  if (height >= 2160) return 'ultraHd';
  if (height >= 1080) return 'fullHd';
  if (height >= 720) return 'high';
  if (height >= 360) return 'standard';
  return 'low';
}

/**
 * How the camera goes out with this codec.
 *
 * - VP8 and H.264: 'simulcast' (three SSRCs in a SIM group; H.264 layers L1T3 where the browser
 *   lists it), or 'single' without simulcast;
 * - VP9 and AV1: 'svc', one SSRC with L3T3_KEY (720p and up), L2T3_KEY (360p and up) or L1T3 as
 *   lib-jitsi-meet picks by height; 'single' (one spatial layer, L1T3 where listed) when the browser
 *   does not list the mode for the codec, or without simulcast.
 * - The codec's settings (config.videoQuality.vp9 and .av1, as lib-jitsi-meet reads them) change
 *   that: useSimulcast sends VP9 or AV1 as three simulcast layers, each L1T3; useKSVC false asks
 *   for full SVC (L3T3, every layer predicted from the one below) instead of K-SVC.
 *
 * @param codec lower or upper case
 * @param options {simulcast, modes: Set of the codec's scalability modes, height, settings:
 *     {useSimulcast, useKSVC} of config.videoQuality[codec]}
 * @returns {{mode: 'simulcast'|'svc'|'single', scalabilityMode: string|undefined, maxBitrate: number|undefined}}
 */
export function sendPlan(codec, { simulcast = true, modes = new Set(), height = 720, settings = {} } = {}) {
  const c = String(codec || '').toLowerCase();
  const l1t3 = modes.has('L1T3') || modes.size === 0 ? 'L1T3' : undefined;
  if (c === 'vp9' || c === 'av1') {
    const level = qualityLevel(height);
    const maxBitrate = SVC_BITRATES[c][level];
    if (!simulcast) return { mode: 'single', scalabilityMode: l1t3, maxBitrate: undefined };
    if (settings?.useSimulcast === true) return { mode: 'simulcast', scalabilityMode: l1t3, maxBitrate: undefined };
    const key = settings?.useKSVC === false ? '' : '_KEY';
    const wanted = height >= 720 ? `L3T3${key}` : height >= 360 ? `L2T3${key}` : 'L1T3';
    // A browser that lists no modes (Chromium does not in getCapabilities) is asked anyway; the
    // session falls back to one layer when setParameters refuses the mode.
    if (wanted !== 'L1T3' && (modes.size === 0 || modes.has(wanted))) return { mode: 'svc', scalabilityMode: wanted, maxBitrate };
    return { mode: 'single', scalabilityMode: l1t3, maxBitrate: undefined };
  }
  const layered = c === 'h264' ? l1t3 : undefined; // VP8: lib-jitsi-meet sets no mode
  return { mode: simulcast ? 'simulcast' : 'single', scalabilityMode: layered, maxBitrate: undefined };
}

/**
 * The sender's encodings for a plan, from the ones getParameters() gave (one, or three when the
 * answer carries our SIM group, lowest layer first). Only active, scaleResolutionDownBy,
 * scalabilityMode and maxBitrate change; a field set to undefined is left out, which resets it.
 */
export function planEncodings(encodings, plan) {
  const n = encodings.length;
  return encodings.map((e, i) => {
    const out = { ...e };
    const set = (k, v) => {
      if (v === undefined) delete out[k];
      else out[k] = v;
    };
    if (plan.mode === 'simulcast' && n > 1) {
      out.active = true;
      set('scaleResolutionDownBy', 2 ** (n - 1 - i));
      set('scalabilityMode', plan.scalabilityMode);
      set('maxBitrate', undefined);
    } else if (i === 0) {
      out.active = true;
      set('scaleResolutionDownBy', 1);
      set('scalabilityMode', plan.scalabilityMode);
      set('maxBitrate', plan.maxBitrate);
    } else {
      out.active = false;
      set('scalabilityMode', undefined);
      set('maxBitrate', undefined);
    }
    return out;
  });
}

/**
 * The codec the browser sends on the m-line with this mid, from an answer: the first video codec
 * its payload types list (rtx, red and ulpfec are not codecs of their own). Upper case, or null.
 */
export function sendCodecOf(sdp, mid) {
  const section = parseSdp(sdp).media.find((m) => m.mid === mid);
  if (!section) return null;
  const names = new Map(
    attrs(section, 'rtpmap').map((v) => {
      const [id, codec] = v.split(' ');
      return [id, codec.split('/')[0]];
    }),
  );
  for (const pt of section.fmts) {
    const name = codecName(names.get(pt));
    if (name) return name;
  }
  return null;
}
