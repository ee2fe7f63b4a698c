// Jingle <-> SDP (Unified Plan), as lib-jitsi-meet maps them for a bridge session (WIRE.md §8).
//
// The focus's offer has one `audio` and one `video` content holding every source in the
// conference. The browser wants one m-line per received stream, so the offer is re-cut into a
// RemoteOffer: the first audio and video m-lines carry the bridge's own SSRCs (owner `jvb`) and
// our camera and microphone (sendrecv); every remote source (one source name: its SSRC and RTX
// partner) gets an m-line of its own (sendonly from the bridge); a local screen share gets a
// `recvonly` m-line so the answer can send on it. M-lines are only ever appended; a removed
// source's m-line turns inactive and is never reused. Mids are "0".."n-1" in order.
//
// Our answer goes back as one content per media type (never per mid), with our sources named
// `<endpoint>-a0`, `<endpoint>-v0` (camera, simulcast SIM + FID groups) and `<endpoint>-v1`
// (screen, videoType desktop).
import { el, all, first } from '../xmpp/xml-tree.js';
import { parseSdp, attr, attrs, ssrcs, ssrcGroups, parseCandidate, writeCandidate } from './sdp.js';
import { orderPayloads } from './codecs.js';

export const NS = {
  JINGLE: 'urn:xmpp:jingle:1',
  RTP: 'urn:xmpp:jingle:apps:rtp:1',
  RTCP_FB: 'urn:xmpp:jingle:apps:rtp:rtcp-fb:0',
  HDREXT: 'urn:xmpp:jingle:apps:rtp:rtp-hdrext:0',
  SSMA: 'urn:xmpp:jingle:apps:rtp:ssma:0',
  ICE: 'urn:xmpp:jingle:transports:ice-udp:1',
  DTLS: 'urn:xmpp:jingle:apps:dtls:0',
  GROUPING: 'urn:xmpp:jingle:apps:grouping:0',
  COLIBRI: 'http://jitsi.org/protocol/colibri',
  JITMEET: 'http://jitsi.org/jitmeet',
  FOCUS: 'http://jitsi.org/protocol/focus',
};

// The MID header extension is left out of the SDP we build: the bridge forwards each sender's
// packets with the sender's own mid values, which would steer them into the wrong m-line of the
// receiver. Without it the browser demultiplexes by the signalled SSRCs, as the bridge expects.
const DROPPED_EXTENSIONS = new Set(['urn:ietf:params:rtp-hdrext:sdes:mid']);

/** Reads a session-initiate's `jingle` tree. */
export function parseOffer(jingle) {
  const offer = {
    sid: jingle.attrs.sid,
    initiator: jingle.attrs.initiator,
    media: {},
    contentNames: {},
    transport: null,
    bridgeSessionId: first(jingle, 'bridge-session', NS.FOCUS)?.attrs.id || null,
    startMuted: first(jingle, 'startmuted'),
  };
  for (const content of all(jingle, 'content')) {
    const desc = first(content, 'description', NS.RTP);
    const media = desc?.attrs.media;
    if (media !== 'audio' && media !== 'video') continue; // no data channel: colibri-ws only
    offer.contentNames[media] = content.attrs.name;
    offer.media[media] = parseDescription(desc);
    const transport = first(content, 'transport', NS.ICE);
    if (transport && !offer.transport) offer.transport = parseTransport(transport);
  }
  const { sources, groups } = parseSources(jingle);
  offer.sources = sources;
  offer.groups = groups;
  return offer;
}

function parseDescription(desc) {
  return {
    payloads: all(desc, 'payload-type').map((pt) => ({
      id: pt.attrs.id,
      name: pt.attrs.name,
      clockrate: pt.attrs.clockrate,
      channels: pt.attrs.channels,
      params: all(pt, 'parameter').map((p) => ({ name: p.attrs.name, value: p.attrs.value })),
      fb: all(pt, 'rtcp-fb').map((f) => ({ type: f.attrs.type, subtype: f.attrs.subtype })),
    })),
    extmaps: all(desc, 'rtp-hdrext').map((h) => ({ id: h.attrs.id, uri: h.attrs.uri })),
    extmapAllowMixed: !!first(desc, 'extmap-allow-mixed'),
    maxptime: desc.attrs.maxptime,
  };
}

/** Reads an ICE transport element: credentials, fingerprint, candidates, the bridge channel URL. */
export function parseTransport(t) {
  const fp = first(t, 'fingerprint', NS.DTLS) || first(t, 'fingerprint');
  return {
    ufrag: t.attrs.ufrag,
    pwd: t.attrs.pwd,
    fingerprint: fp
      ? { hash: fp.attrs.hash, setup: fp.attrs.setup || 'actpass', value: fp.text.trim() }
      : null,
    candidates: all(t, 'candidate').map((c) => ({ ...c.attrs })),
    webSocket: first(t, 'web-socket', NS.COLIBRI)?.attrs.url || null,
  };
}

/**
 * The sources and SSRC groups of a session-initiate, source-add or source-remove: the JSON form
 * (`json-message`) when present, else the standard `source`/`ssrc-group` elements.
 */
export function parseSources(jingle) {
  const json = first(jingle, 'json-message', NS.JITMEET);
  if (json && json.text.trim()) return parseJsonSources(JSON.parse(json.text).sources || {});
  const sources = [];
  const groups = [];
  for (const content of all(jingle, 'content')) {
    const desc = first(content, 'description', NS.RTP);
    if (!desc) continue;
    const media = desc.attrs.media || content.attrs.name;
    for (const s of all(desc, 'source', NS.SSMA)) {
      const msid = all(s, 'parameter').find((p) => p.attrs.name === 'msid')?.attrs.value || null;
      const ownerAttr = first(s, 'ssrc-info', NS.JITMEET)?.attrs.owner || null;
      sources.push({
        ssrc: Number(s.attrs.ssrc),
        name: s.attrs.name || null,
        owner: ownerOf(ownerAttr, s.attrs.name),
        media,
        msid,
        videoType: s.attrs.videoType || null,
      });
    }
    for (const g of all(desc, 'ssrc-group', NS.SSMA)) {
      groups.push({
        semantics: g.attrs.semantics,
        ssrcs: all(g, 'source').map((s) => Number(s.attrs.ssrc)),
        media,
      });
    }
  }
  return { sources, groups };
}

function ownerOf(owner, name) {
  if (owner) return owner.includes('/') ? owner.slice(owner.lastIndexOf('/') + 1) : owner;
  if (name && name.includes('-')) return name.slice(0, name.lastIndexOf('-'));
  return null;
}

/** `{"<owner>": [videoSources, videoGroups, audioSources, audioGroups]}` (WIRE.md §2). */
export function parseJsonSources(map) {
  const sources = [];
  const groups = [];
  for (const [owner, parts] of Object.entries(map)) {
    const [vs = [], vg = [], as = [], ag = []] = parts || [];
    const addSources = (list, media) => {
      for (const s of list) {
        sources.push({
          ssrc: Number(s.s),
          name: s.n || null,
          owner,
          media,
          msid: s.m || null,
          videoType: s.v === 'd' ? 'desktop' : null,
        });
      }
    };
    const addGroups = (list, media) => {
      for (const g of list) {
        const [sem, ...ssrcList] = g;
        groups.push({
          semantics: sem === 's' ? 'SIM' : sem === 'f' ? 'FID' : sem,
          ssrcs: ssrcList.map(Number),
          media,
        });
      }
    };
    addSources(vs, 'video');
    addGroups(vg, 'video');
    addSources(as, 'audio');
    addGroups(ag, 'audio');
  }
  return { sources, groups };
}

/**
 * The remote description we build from Jingle, kept for the whole session so that every
 * renegotiation keeps the m-lines, mids and SSRCs it had.
 */
export class RemoteOffer {
  constructor(offer) {
    this.offer = offer;
    this.slots = [];
    this.version = 1;
    this.sessionId = String(Date.now());
    /** Video codec names to list first, in this order (codecs.js); null keeps the focus's order. */
    this.videoCodecOrder = null;
    for (const media of ['audio', 'video']) {
      if (!offer.media[media]) continue;
      this.slots.push({ mid: String(this.slots.length), media, kind: 'main', sources: [], groups: [] });
    }
    this.addSources(offer.sources, offer.groups);
  }

  /** Adds remote sources (grouped by source name); returns the new slots. */
  addSources(sources, groups) {
    const added = [];
    for (const [name, list] of bySourceName(sources)) {
      const media = list[0].media;
      const owner = list[0].owner;
      if (owner === 'jvb') {
        const main = this.slots.find((s) => s.kind === 'main' && s.media === media);
        if (main) main.sources.push(...list);
        continue;
      }
      if (this.slots.some((s) => s.kind === 'remote' && s.active && s.name === name)) continue;
      const ssrcSet = new Set(list.map((s) => s.ssrc));
      const own = groups.filter((g) => g.ssrcs.some((x) => ssrcSet.has(x)));
      const kept = receivable(list, own);
      const slot = {
        mid: String(this.slots.length),
        media,
        kind: 'remote',
        active: true,
        name,
        owner,
        videoType: list[0].videoType,
        msid: list[0].msid,
        sources: kept.sources,
        groups: kept.groups,
      };
      this.slots.push(slot);
      added.push(slot);
    }
    if (added.length) this.version++;
    return added;
  }

  /** Turns the slots of these sources inactive; returns the slots removed. */
  removeSources(sources) {
    const gone = new Set(sources.map((s) => s.ssrc));
    const names = new Set(sources.map((s) => s.name).filter(Boolean));
    const removed = [];
    for (const slot of this.slots) {
      if (slot.kind !== 'remote' || !slot.active) continue;
      if (names.has(slot.name) || slot.sources.some((s) => gone.has(s.ssrc))) {
        slot.active = false;
        removed.push(slot);
      }
    }
    if (removed.length) this.version++;
    return removed;
  }

  /** Adds an m-line on which we can send another stream (a screen share); returns its mid. */
  addLocalSlot(media) {
    const slot = { mid: String(this.slots.length), media, kind: 'local', sources: [], groups: [] };
    this.slots.push(slot);
    this.version++;
    return slot.mid;
  }

  /**
   * Lists these video codecs first in every video m-line (the browser sends the first one it can);
   * returns whether the order changed.
   */
  setVideoCodecOrder(order) {
    const next = order && order.length ? order.map((c) => String(c).toLowerCase()) : null;
    if (JSON.stringify(next) === JSON.stringify(this.videoCodecOrder)) return false;
    this.videoCodecOrder = next;
    this.version++;
    return true;
  }

  /** The video payload types in the order the offer we build lists them. */
  videoPayloads() {
    const m = this.offer.media.video;
    return m ? orderPayloads(m.payloads, this.videoCodecOrder) : [];
  }

  /** Replaces the bridge transport (a re-invite keeps nothing else). */
  slotByMid(mid) {
    return this.slots.find((s) => s.mid === mid) || null;
  }

  /** The offer as SDP. */
  toSdp() {
    const t = this.offer.transport;
    const mids = this.slots.map((s) => s.mid);
    const lines = [
      'v=0',
      `o=- ${this.sessionId} ${this.version} IN IP4 0.0.0.0`,
      's=-',
      't=0 0',
      `a=group:BUNDLE ${mids.join(' ')}`,
      'a=msid-semantic: WMS *',
    ];
    if (Object.values(this.offer.media).some((m) => m.extmapAllowMixed)) lines.push('a=extmap-allow-mixed');
    this.slots.forEach((slot, index) => {
      const m = this.offer.media[slot.media];
      const payloads = slot.media === 'video' ? this.videoPayloads() : m.payloads;
      lines.push(`m=${slot.media} 9 UDP/TLS/RTP/SAVPF ${payloads.map((p) => p.id).join(' ')}`);
      lines.push('c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0');
      lines.push(`a=ice-ufrag:${t.ufrag}`, `a=ice-pwd:${t.pwd}`);
      if (t.fingerprint) {
        lines.push(`a=fingerprint:${t.fingerprint.hash} ${t.fingerprint.value}`);
        lines.push(`a=setup:${t.fingerprint.setup}`);
      }
      lines.push(`a=mid:${slot.mid}`);
      for (const x of m.extmaps) if (!DROPPED_EXTENSIONS.has(x.uri)) lines.push(`a=extmap:${x.id} ${x.uri}`);
      lines.push('a=' + direction(slot), 'a=rtcp-mux');
      if (slot.media === 'video') lines.push('a=rtcp-rsize');
      for (const p of payloads) {
        lines.push(`a=rtpmap:${p.id} ${p.name}/${p.clockrate}${p.channels && p.channels !== '1' ? '/' + p.channels : ''}`);
        for (const f of p.fb) lines.push(`a=rtcp-fb:${p.id} ${f.type}${f.subtype ? ' ' + f.subtype : ''}`);
        if (p.params.length) {
          lines.push(`a=fmtp:${p.id} ` + p.params.map((x) => (x.name ? `${x.name}=${x.value}` : x.value)).join(';'));
        }
      }
      if (m.maxptime) lines.push(`a=maxptime:${m.maxptime}`);
      if (slot.kind === 'remote' && slot.active) {
        const [stream, track] = msidOf(slot);
        lines.push(`a=msid:${stream} ${track}`);
        for (const g of slot.groups) lines.push(`a=ssrc-group:${g.semantics} ${g.ssrcs.join(' ')}`);
        for (const s of slot.sources) {
          lines.push(`a=ssrc:${s.ssrc} cname:${sdpToken(slot.owner)}`, `a=ssrc:${s.ssrc} msid:${stream} ${track}`);
        }
      } else if (slot.kind === 'main') {
        for (const s of slot.sources) lines.push(`a=ssrc:${s.ssrc} cname:jvb`);
      }
      if (index === 0) for (const c of t.candidates) lines.push('a=' + writeCandidate(c));
    });
    return lines.join('\r\n') + '\r\n';
  }
}

function direction(slot) {
  if (slot.kind === 'main') return 'sendrecv';
  if (slot.kind === 'local') return 'recvonly';
  return slot.active ? 'sendonly' : 'inactive';
}

function msidOf(slot) {
  const parts = (slot.msid || '').split(' ');
  const stream = parts[0] && parts[0] !== '-' ? parts[0] : `${slot.owner}-stream`;
  return [sdpToken(stream), sdpToken(slot.name)];
}

// Values that other participants chose (their endpoint id, source names, msid) are relayed by the
// focus into our SDP; kept to word characters and '-', none can end a line and start another.
function sdpToken(value) {
  return String(value).replace(/[^\w-]/g, '_');
}

function bySourceName(sources) {
  const map = new Map();
  for (const s of sources) {
    const key = s.name || `${s.owner}-${s.media}-${s.ssrc}`;
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(s);
  }
  return map;
}

/**
 * What a receiver can take of one source: its first simulcast SSRC and that SSRC's RTX partner
 * (the bridge rewrites every layer onto the first SSRC), with the FID group that joins them.
 */
function receivable(list, groups) {
  const sim = groups.find((g) => g.semantics === 'SIM');
  const primary = sim ? sim.ssrcs[0] : list[0].ssrc;
  const fid = groups.find((g) => g.semantics === 'FID' && g.ssrcs[0] === primary);
  const keep = new Set([primary, ...(fid ? fid.ssrcs : [])]);
  return { sources: list.filter((s) => keep.has(s.ssrc)), groups: fid ? [fid] : [] };
}

/**
 * Our local description as Jingle contents, one per media type.
 *
 * @param sdp the local answer
 * @param contentNames media type -> content name from the offer
 * @param names mid -> {name, videoType} for the m-lines we send on
 * @param endpointId our endpoint id (msid prefix)
 */
export function localContents(sdp, contentNames, names, endpointId) {
  const parsed = parseSdp(sdp);
  const contents = [];
  const transport = localTransport(parsed.media[0]);
  for (const media of ['audio', 'video']) {
    const sections = parsed.media.filter((m) => m.kind === media);
    if (!sections.length || !contentNames[media]) continue;
    const primary = sections[0];
    const desc = el('description', { xmlns: NS.RTP, media }, [
      ...payloadsOf(primary),
      ...attrs(primary, 'extmap').map((v) => {
        const [id, uri] = v.split(' ');
        return el('rtp-hdrext', { xmlns: NS.HDREXT, id: id.split('/')[0], uri });
      }),
    ]);
    for (const section of sections) {
      if (section.direction !== 'sendrecv' && section.direction !== 'sendonly') continue;
      const named = names[section.mid];
      if (!named) continue;
      desc.children.push(...sourceElements(section, named, endpointId));
    }
    if (attrs(primary, 'extmap-allow-mixed').length || parsed.session.includes('a=extmap-allow-mixed')) {
      desc.children.push(el('extmap-allow-mixed', { xmlns: NS.HDREXT }));
    }
    desc.children.push(el('rtcp-mux'));
    contents.push(
      el('content', { creator: 'responder', name: contentNames[media], senders: 'both' }, [desc, transport]),
    );
  }
  return contents;
}

function payloadsOf(section) {
  const fmtp = new Map(attrs(section, 'fmtp').map((v) => [v.split(' ')[0], v.slice(v.indexOf(' ') + 1)]));
  const fbs = attrs(section, 'rtcp-fb');
  return attrs(section, 'rtpmap').map((v) => {
    const [id, codec] = v.split(' ');
    const [name, clockrate, channels] = codec.split('/');
    const params = (fmtp.get(id) || '')
      .split(';')
      .filter(Boolean)
      .map((p) => {
        const eq = p.indexOf('=');
        return eq < 0
          ? el('parameter', { value: p.trim() })
          : el('parameter', { name: p.slice(0, eq).trim(), value: p.slice(eq + 1).trim() });
      });
    const fb = fbs
      .filter((f) => f.startsWith(id + ' '))
      .map((f) => {
        const [, type, subtype] = f.split(' ');
        return el('rtcp-fb', { xmlns: NS.RTCP_FB, type, subtype });
      });
    return el('payload-type', { id, name, clockrate, channels }, [...params, ...fb]);
  });
}

function localTransport(section) {
  const fp = attr(section, 'fingerprint') || '';
  const [hash, value] = fp.split(' ');
  return el('transport', { xmlns: NS.ICE, ufrag: attr(section, 'ice-ufrag'), pwd: attr(section, 'ice-pwd') }, [
    el('fingerprint', { xmlns: NS.DTLS, hash, setup: attr(section, 'setup') || 'active' }, [value || '']),
    ...attrs(section, 'candidate').map((c) => candidateElement(parseCandidate(c))),
    el('rtcp-mux'),
  ]);
}

/** A Jingle candidate element from an RTCIceCandidate's `candidate` string. */
export function candidateElement(c, id) {
  return el('candidate', { ...c, network: '0', id: id || Math.random().toString(36).slice(2, 10) });
}

/** Our `source` and `ssrc-group` elements for one m-line we send on. */
export function sourceElements(section, named, endpointId) {
  const out = [];
  for (const [ssrc, info] of ssrcs(section)) {
    const track = (info.msid || '').split(' ')[1] || named.name;
    const msid = `${endpointId}-${section.kind}-${named.name.slice(-1)}-1 ${track}-1`;
    out.push(
      el('source', { xmlns: NS.SSMA, ssrc, name: named.name, videoType: named.videoType || undefined }, [
        el('parameter', { name: 'msid', value: msid }),
      ]),
    );
  }
  for (const g of ssrcGroups(section)) {
    out.push(el('ssrc-group', { xmlns: NS.SSMA, semantics: g.semantics }, g.ssrcs.map((s) => el('source', { ssrc: s }))));
  }
  return out;
}

/**
 * A source-add or source-remove payload: one content per media type holding the sources of the
 * m-lines with these mids.
 */
export function sourceChangeContents(sdp, contentNames, names, mids, endpointId) {
  const parsed = parseSdp(sdp);
  const contents = [];
  for (const media of ['audio', 'video']) {
    const children = [];
    for (const section of parsed.media) {
      if (section.kind !== media || !mids.includes(section.mid) || !names[section.mid]) continue;
      children.push(...sourceElements(section, names[section.mid], endpointId));
    }
    if (!children.length) continue;
    contents.push(
      el('content', { creator: 'responder', name: contentNames[media] || media }, [
        el('description', { xmlns: NS.RTP, media }, children),
      ]),
    );
  }
  return contents;
}

/** The local sources of an answer as {name -> [ssrc]}, to tell what changed between two answers. */
export function localSourceSets(sdp, names) {
  const out = {};
  for (const section of parseSdp(sdp).media) {
    const named = names[section.mid];
    if (!named || (section.direction !== 'sendrecv' && section.direction !== 'sendonly')) continue;
    const list = [...ssrcs(section).keys()];
    if (list.length) out[named.name] = { ssrcs: list, groups: ssrcGroups(section), media: section.kind };
  }
  return out;
}
