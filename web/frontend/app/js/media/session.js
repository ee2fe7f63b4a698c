// The Jingle session with the focus and the RTCPeerConnection to the bridge behind it.
//
// The focus offers (session-initiate), we answer (session-accept); later source-add and
// source-remove from the focus renegotiate locally from the kept RemoteOffer, and our own changes
// (screen share) go to the focus as source-add/source-remove. Every renegotiation runs in one queue.
//
// The video codec we send is the first of `videoCodecOrder` (codecs.js) that the offer carries: the
// offer we build lists the video payload types in that order, the answer keeps it, and the browser
// sends the first. After each answer the camera's encodings are set for that codec (simulcast, SVC
// or one layer), and the sources we signal follow what is sent. A new order (someone joined who
// lacks our codec) renegotiates locally; when the camera's signalled sources change with it (three
// simulcast SSRCs <-> one SVC SSRC), the focus gets source-remove then source-add for them.
//
// When ICE fails we ask the focus for an ICE restart (session-info, as lib-jitsi-meet does); the
// bridge cannot restart ICE, so the focus answers by re-inviting us: session-terminate, then a new
// session-initiate, which the conference turns into a new Session with the same local tracks. If the
// focus refuses the restart request outright, we ask for the re-invite ourselves
// (session-terminate with <bridge-session restart='true'/>).
import { $iq } from '/libs/strophe.esm.js';
import { el, appendTo, first } from '../xmpp/xml-tree.js';
import {
  NS,
  RemoteOffer,
  parseOffer,
  parseSources,
  localContents,
  sourceChangeContents,
  localSourceSets,
  candidateElement,
} from './jingle-sdp.js';
import { parseCandidate } from './sdp.js';
import { mark } from '../marks.js';
import { mungeSimulcast, firstLayerOnly } from './simulcast.js';
import { sendPlan, planEncodings, sendCodecOf } from './codecs.js';

const ICE_DISCONNECTED_GRACE_MS = 8000;

export class Session extends EventTarget {
  /**
   * @param xmpp the XmppConnection
   * @param options {endpointId, ourJid, focusJid (occupant), iceServers, simulcast, tracks,
   *     videoCodecOrder (lower-case codec names, the first preferred), codecCaps
   *     (browserCapabilities()), codecSettings (config.videoQuality's per-codec settings, by
   *     lower-case name), resolution (camera capture height)}
   */
  constructor(xmpp, jingleTree, options) {
    super();
    this.xmpp = xmpp;
    this.options = options;
    this.endpointId = options.endpointId;
    this.focus = options.focusJid;
    this.offer = parseOffer(jingleTree);
    this.sid = this.offer.sid;
    this.remote = new RemoteOffer(this.offer);
    this.tracks = options.tracks; // {audio, video, screen}
    this.simulcastState = options.simulcastState || {};
    this.names = {};
    this.screenMid = null;
    this.queue = Promise.resolve();
    this.accepted = false;
    this.closed = false;
    this.pendingCandidates = [];
    this.restartRequested = false;
    /** The codec the camera is sent with ('VP9'...), its plan (codecs.sendPlan), a setParameters failure. */
    this.videoCodec = null;
    this.plan = null;
    this.encodingError = null;
    if (options.videoCodecOrder) this.remote.setVideoCodecOrder(options.videoCodecOrder);
    this.pc = new RTCPeerConnection({
      iceServers: options.iceServers || [],
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    });
    this.pc.ontrack = (e) => this.onTrack(e);
    this.pc.onicecandidate = (e) => this.onCandidate(e.candidate);
    this.pc.oniceconnectionstatechange = () => this.onIceState();
    // ICE and DTLS both up (the join-time breakdown's 'dtls-connected').
    this.pc.onconnectionstatechange = () => this.pc.connectionState === 'connected' && mark('dtls-connected');
  }

  /** The bridge channel URL from the offer's transport. */
  get bridgeChannelUrl() {
    return this.offer.transport?.webSocket || null;
  }

  /** Applies the offer and sends session-accept. */
  start() {
    return this.enqueue(async () => {
      for (const slot of this.remote.slots) {
        if (slot.kind !== 'main') continue;
        this.names[slot.mid] = { name: `${this.endpointId}-${slot.media === 'audio' ? 'a' : 'v'}0` };
      }
      const sdp = await this.negotiate();
      mark('answer-ready');
      await this.gathered(1500);
      mark('candidates-gathered');
      const contents = localContents(
        this.signalled(this.pc.localDescription.sdp),
        this.offer.contentNames,
        this.names,
        this.endpointId,
      );
      this.sendJingle('session-accept', contents);
      mark('session-accept-sent');
      this.accepted = true;
      this.lastSources = localSourceSets(sdp, this.names);
      // Candidates gathered so far went in the session-accept; later ones trickle.
      const inAccept = new Set(contents.flatMap((c) => c.children).filter((t) => t.name === 'transport').flatMap((t) => t.children).map((c) => `${c.attrs.ip}:${c.attrs.port}:${c.attrs.protocol}`));
      for (const c of this.pendingCandidates.splice(0)) {
        if (!inAccept.has(`${c.address}:${c.port}:${(c.protocol || '').toLowerCase()}`)) this.onCandidate(c);
      }
      this.dispatchEvent(new CustomEvent('accepted'));
    });
  }

  enqueue(task) {
    const run = this.queue.then(() => (this.closed ? null : task()));
    this.queue = run.catch((e) => {
      console.error('session task failed', e);
      this.dispatchEvent(new CustomEvent('error', { detail: e }));
    });
    return run;
  }

  /** setRemoteDescription(offer from the model), local tracks on their m-lines, answer. */
  async negotiate() {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: this.remote.toSdp() });
    for (const t of this.pc.getTransceivers()) {
      const slot = this.remote.slotByMid(t.mid);
      if (!slot) continue;
      if (slot.kind === 'main') {
        t.direction = 'sendrecv';
        const track = slot.media === 'audio' ? this.tracks.audio : this.tracks.video;
        if (t.sender.track !== (track || null)) await t.sender.replaceTrack(track || null);
      } else if (slot.kind === 'local') {
        const sharing = t.mid === this.screenMid && !!this.tracks.screen;
        t.direction = sharing ? 'sendonly' : 'inactive';
        if (t.sender.track !== (this.tracks.screen || null)) await t.sender.replaceTrack(sharing ? this.tracks.screen : null);
      } else if (t.direction !== 'stopped') {
        t.direction = slot.active ? 'recvonly' : 'inactive';
      }
    }
    const answer = await this.pc.createAnswer();
    let sdp = answer.sdp;
    const videoMain = this.videoMain;
    if (this.options.simulcast && videoMain) sdp = mungeSimulcast(sdp, videoMain.mid, this.simulcastState);
    await this.pc.setLocalDescription({ type: 'answer', sdp });
    if (videoMain) await this.configureCamera(sdp, videoMain.mid);
    return this.signalled(sdp);
  }

  /** The m-line of our camera (and the bridge's video SSRCs). */
  get videoMain() {
    return this.remote.slots.find((s) => s.kind === 'main' && s.media === 'video') || null;
  }

  /**
   * Sets the camera's encodings for the codec the answer sends: three simulcast layers (VP8,
   * H.264), or the first layer alone, with an SVC scalability mode where the browser has one
   * (VP9, AV1). When the browser refuses a mode, one plain layer; when it refuses that too, what
   * the SDP asked for (simulcast when munged), so that what we signal stays what is sent.
   */
  async configureCamera(sdp, mid) {
    this.videoCodec = sendCodecOf(sdp, mid);
    const transceiver = this.pc.getTransceivers().find((t) => t.mid === mid);
    if (!transceiver || !this.videoCodec) return;
    const codec = this.videoCodec.toLowerCase();
    const plan = sendPlan(codec, {
      simulcast: !!this.options.simulcast,
      modes: this.options.codecCaps?.encode.get(codec) || new Set(),
      height: this.options.resolution || 720,
      settings: this.options.codecSettings?.[codec],
    });
    const fallbacks = [plan];
    if (plan.mode !== 'simulcast') fallbacks.push({ mode: 'single', scalabilityMode: undefined, maxBitrate: undefined });
    this.encodingError = null;
    for (const candidate of fallbacks) {
      try {
        await this.applyEncodings(transceiver.sender, candidate);
        this.plan = candidate;
        return;
      } catch (e) {
        this.encodingError = `${candidate.mode}/${candidate.scalabilityMode || '-'}: ${e.message || e}`;
        console.warn('the camera encodings were refused', this.encodingError);
      }
    }
    // Nothing applied: the browser sends what the SDP says.
    const layers = this.options.simulcast ? 'simulcast' : 'single';
    this.plan = { mode: layers, scalabilityMode: undefined, maxBitrate: undefined };
  }

  async applyEncodings(sender, plan) {
    const params = sender.getParameters();
    if (!params.encodings || !params.encodings.length) return;
    const next = planEncodings(params.encodings, plan);
    const key = (list) =>
      JSON.stringify(list.map((e) => [!!e.active, e.scaleResolutionDownBy ?? null, e.scalabilityMode ?? null, e.maxBitrate ?? null]));
    if (key(next) === key(params.encodings)) return;
    params.encodings = next;
    await sender.setParameters(params);
  }

  /** An answer as we signal it: the camera's first layer alone unless it goes out as simulcast. */
  signalled(sdp) {
    const videoMain = this.videoMain;
    if (!videoMain || !this.plan || this.plan.mode === 'simulcast') return sdp;
    return firstLayerOnly(sdp, videoMain.mid);
  }

  /**
   * Sends video with the first codec of this order the offer has (codecs.selectCodecOrder): a
   * local renegotiation, and source-remove + source-add of the camera when its signalled sources
   * change with the codec. Resolves with the codec sent.
   */
  setVideoCodecs(order) {
    return this.enqueue(async () => {
      const videoMain = this.videoMain;
      if (!videoMain || !this.accepted || !order || !order.length) return this.videoCodec;
      const beforeSdp = this.signalled(this.pc.localDescription.sdp);
      if (!this.remote.setVideoCodecOrder(order)) return this.videoCodec;
      const was = this.videoCodec;
      const sdp = await this.negotiate();
      const name = this.names[videoMain.mid]?.name;
      const before = localSourceSets(beforeSdp, this.names)[name];
      const after = localSourceSets(sdp, this.names)[name];
      if (JSON.stringify(before || null) !== JSON.stringify(after || null)) {
        const mids = [videoMain.mid];
        if (before) this.sendJingle('source-remove', sourceChangeContents(beforeSdp, this.offer.contentNames, this.names, mids, this.endpointId));
        if (after) this.sendJingle('source-add', sourceChangeContents(sdp, this.offer.contentNames, this.names, mids, this.endpointId));
      }
      this.lastSources = localSourceSets(sdp, this.names);
      if (was !== this.videoCodec) this.dispatchEvent(new CustomEvent('video-codec', { detail: this.videoCodec }));
      return this.videoCodec;
    });
  }

  gathered(maxMs) {
    if (this.pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        if (this.pc.iceGatheringState === 'complete') finish();
      };
      const finish = () => {
        this.pc.removeEventListener('icegatheringstatechange', done);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(finish, maxMs);
      this.pc.addEventListener('icegatheringstatechange', done);
    });
  }

  /** A Jingle IQ from the focus for this session. Returns true when handled. */
  handle(action, jingle) {
    switch (action) {
      case 'source-add': {
        const { sources, groups } = parseSources(jingle);
        this.enqueue(async () => {
          const added = this.remote.addSources(sources, groups);
          if (added.length) await this.negotiate();
        });
        return true;
      }
      case 'source-remove': {
        const { sources } = parseSources(jingle);
        this.enqueue(async () => {
          const removed = this.remote.removeSources(sources);
          if (removed.length) {
            await this.negotiate();
            for (const slot of removed) this.dispatchEvent(new CustomEvent('remote-source-removed', { detail: slot }));
          }
        });
        return true;
      }
      case 'transport-info':
      case 'transport-replace':
        // The bridge keeps its transport (no ICE restart); candidates all come in the offer.
        return true;
      case 'session-terminate':
        this.close(false);
        this.dispatchEvent(
          new CustomEvent('terminated', { detail: { reason: first(jingle, 'reason')?.children[0]?.name || '' } }),
        );
        return true;
      default:
        return false;
    }
  }

  onTrack(e) {
    const slot = this.remote.slotByMid(e.transceiver.mid);
    if (!slot || slot.kind !== 'remote') return;
    this.dispatchEvent(
      new CustomEvent('remote-track', {
        detail: { track: e.track, owner: slot.owner, media: slot.media, videoType: slot.videoType, name: slot.name, mid: slot.mid },
      }),
    );
  }

  onCandidate(candidate) {
    if (!candidate || !candidate.candidate) return;
    if (!this.accepted) {
      this.pendingCandidates.push(candidate);
      return;
    }
    const transport = el(
      'transport',
      { xmlns: NS.ICE, ufrag: candidate.usernameFragment || undefined },
      [candidateElement(parseCandidate(candidate.candidate))],
    );
    const media = this.offer.contentNames.audio ? 'audio' : 'video';
    this.sendJingle('transport-info', [el('content', { creator: 'responder', name: this.offer.contentNames[media] }, [transport])]);
  }

  onIceState() {
    const state = this.pc.iceConnectionState;
    if (state === 'connected' || state === 'completed') mark('ice-connected');
    this.dispatchEvent(new CustomEvent('ice-state', { detail: state }));
    clearTimeout(this.iceTimer);
    if (state === 'failed') this.requestRestart('ICE failed');
    else if (state === 'disconnected') {
      this.iceTimer = setTimeout(() => this.requestRestart('ICE disconnected'), ICE_DISCONNECTED_GRACE_MS);
    } else if (state === 'connected' || state === 'completed') this.restartRequested = false;
  }

  /** Asks the focus for an ICE restart; it re-invites us, since the bridge keeps its transport. */
  async requestRestart(why) {
    if (this.closed || this.restartRequested) return;
    this.restartRequested = true;
    this.dispatchEvent(new CustomEvent('restart-requested', { detail: why }));
    const bridgeSession = el('bridge-session', {
      xmlns: NS.FOCUS,
      id: this.offer.bridgeSessionId || undefined,
      'ice-restart': 'true',
    });
    try {
      await this.sendJingle('session-info', [bridgeSession], true);
    } catch {
      // No in-place restart: ask to be invited again.
      const restart = el('bridge-session', { xmlns: NS.FOCUS, id: this.offer.bridgeSessionId || undefined, restart: 'true' });
      const reason = el('reason', {}, [el('success'), el('text', {}, [why])]);
      this.sendJingle('session-terminate', [reason, restart], true).catch(() => {});
    }
  }

  /** Starts or stops sending a screen share (source `<ep>-v1`, videoType desktop). */
  setScreen(track) {
    return this.enqueue(async () => {
      const before = localSourceSets(this.signalled(this.pc.localDescription.sdp), this.names);
      this.tracks.screen = track;
      if (track && !this.screenMid) {
        this.screenMid = this.remote.addLocalSlot('video');
        this.names[this.screenMid] = { name: `${this.endpointId}-v1`, videoType: 'desktop' };
      }
      const sdp = await this.negotiate();
      const after = localSourceSets(sdp, this.names);
      const name = `${this.endpointId}-v1`;
      const changed = JSON.stringify(before[name]?.ssrcs || []) !== JSON.stringify(after[name]?.ssrcs || []);
      if (before[name] && changed) {
        this.sendJingle('source-remove', sourceChangeContents(this.lastSdp || sdp, this.offer.contentNames, this.names, [this.screenMid], this.endpointId));
      }
      if (after[name] && changed) {
        this.sendJingle('source-add', sourceChangeContents(sdp, this.offer.contentNames, this.names, [this.screenMid], this.endpointId));
      }
      this.lastSdp = sdp;
    });
  }

  /** Replaces the camera or microphone track without renegotiating (mute, device change). */
  async replaceTrack(kind, track) {
    this.tracks[kind] = track;
    const slot = this.remote.slots.find((s) => s.kind === 'main' && s.media === kind);
    const t = this.pc.getTransceivers().find((x) => x.mid === slot?.mid);
    if (t) await t.sender.replaceTrack(track || null);
  }

  sendJingle(action, children, waitForReply = false) {
    const iq = $iq({ type: 'set', to: this.focus }).c('jingle', {
      xmlns: NS.JINGLE,
      action,
      sid: this.sid,
      initiator: this.offer.initiator,
      responder: this.options.ourJid,
    });
    const bundle =
      action === 'session-accept'
        ? [
            el('group', { xmlns: NS.GROUPING, semantics: 'BUNDLE' }, Object.values(this.offer.contentNames).map((n) => el('content', { name: n }))),
          ]
        : [];
    for (const c of [...children, ...bundle]) appendTo(iq, c, NS.JINGLE);
    if (waitForReply) return this.xmpp.sendIQ(iq, 10000);
    this.xmpp.sendIQ(iq, 10000).catch((e) => console.warn(`${action} was refused`, e));
    return Promise.resolve();
  }

  /**
   * Inbound RTP statistics, for the UI's connection indicator and the tests; `codec` is the
   * mimeType of what arrives ('video/VP9'), null before the first packet.
   */
  async inboundStats() {
    const out = [];
    const report = await this.pc.getStats();
    report.forEach((s) => {
      if (s.type === 'inbound-rtp') {
        const slot = this.remote.slotByMid(s.mid);
        out.push({
          kind: s.kind,
          mid: s.mid,
          owner: slot?.owner || null,
          name: slot?.name || null,
          videoType: slot?.videoType || null,
          ssrc: s.ssrc,
          codec: mimeTypeOf(report, s),
          framesDecoded: s.framesDecoded || 0,
          totalAudioEnergy: s.totalAudioEnergy || 0,
          packetsReceived: s.packetsReceived || 0,
          frameHeight: s.frameHeight || 0,
        });
      }
    });
    return out;
  }

  /**
   * Outbound RTP statistics: one entry per SSRC the browser reports (the simulcast layers), with
   * the codec's mimeType, the scalability mode and whether the layer is active.
   */
  async outboundStats() {
    const out = [];
    const report = await this.pc.getStats();
    report.forEach((s) => {
      if (s.type === 'outbound-rtp') {
        out.push({
          kind: s.kind,
          ssrc: s.ssrc,
          mid: s.mid,
          rid: s.rid,
          codec: mimeTypeOf(report, s),
          scalabilityMode: s.scalabilityMode || null,
          active: s.active ?? null,
          framesEncoded: s.framesEncoded || 0,
          frameHeight: s.frameHeight || 0,
          packetsSent: s.packetsSent || 0,
        });
      }
    });
    return out;
  }

  /** Ends the session; `tell` sends session-terminate to the focus first. */
  close(tell = true, reason = 'success') {
    if (this.closed) return;
    if (tell) this.sendJingle('session-terminate', [el('reason', {}, [el(reason)])]);
    this.closed = true;
    clearTimeout(this.iceTimer);
    for (const t of this.pc.getTransceivers()) {
      try {
        t.sender.replaceTrack(null);
      } catch {
        /* closing anyway */
      }
    }
    this.pc.close();
  }
}

/** The mimeType of an RTP stream's codec from the same stats report, or null. */
function mimeTypeOf(report, stat) {
  return (stat.codecId && report.get(stat.codecId)?.mimeType) || null;
}
