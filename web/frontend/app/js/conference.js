// One meeting, in the order of WIRE.md §0: log in, STUN/TURN (XEP-0215), ask the focus for the
// conference, join the room, then answer the focus's Jingle offer and open the bridge channel.
// It owns the XMPP connection, the room, the media session and the bridge channel, keeps the
// participant list, and tells the UI what happened through events; it draws nothing itself.
import { $iq } from '/libs/strophe.esm.js';
import { XmppConnection } from './xmpp/connection.js';
import { MucRoom, iqError } from './xmpp/muc.js';
import { AvModerationClient } from './av-moderation.js';
import { NS_MUTE, isLocalModerator, muteRequest, readMuteNotice, kickQuery, grantOwnerQuery, revokeOwnerQuery } from './xmpp/moderation.js';
import { InMeeting, discoverComponents } from './in-meeting.js';
import { requestConference } from './xmpp/focus.js';
import { afterFocus, WAITING_RETRY_MS } from './access.js';
import { answerDisco, answerServicePushes, capsVersion, iceServers } from './xmpp/disco.js';
import { applyServicesPush } from './xmpp/extdisco.js';
import { fromElement, first, appendTo } from './xmpp/xml-tree.js';
import { Session } from './media/session.js';
import { mark } from './marks.js';
import { findUploadService, readSlot, sizeText, slotRefusal, slotRequest } from './xmpp/upload.js';
import { BridgeChannel } from './media/bridge-channel.js';
import { NS } from './media/jingle-sdp.js';
import { browserCapabilities, localCodecOrder, isMobileAgent, selectCodecOrder } from './media/codecs.js';
import { t } from './i18n.js';

const FOCUS_RETRY_MS = 5000;
/** How long joins and leaves settle before the video codec is chosen again (lib-jitsi-meet's 1 s). */
const CODEC_CHOICE_DELAY_MS = 1000;
const STANZA_ERRORS = 'urn:ietf:params:xml:ns:xmpp-stanzas';

export function randomEndpointId() {
  const b = crypto.getRandomValues(new Uint8Array(4));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * Starts logging in while the pre-join screen is up (as jitsi-meet connects before its pre-join
 * screen is left), and then asks for STUN/TURN (XEP-0215) and the domain's components, so that
 * the click on Join waits for none of the WebSocket, SASL, bind, stream management and those two
 * round trips: hand the result to the Conference as `xmpp`. `loggingIn` resolves to whether it
 * worked; when it did not, the Conference logs in again itself. (The room's own TURN servers are
 * asked for again once in the room, as without it.)
 */
export function preconnect(config, { token, transport } = {}) {
  const xmpp = new XmppConnection(config, { token, transport });
  const loggingIn = xmpp.connect().then(() => true, () => false);
  const domain = config.hosts.domain;
  const services = loggingIn.then((ok) => ok && { ice: iceServers(xmpp, domain), components: discoverComponents(xmpp, domain) });
  return { xmpp, loggingIn, services };
}

export class Conference extends EventTarget {
  /**
   * @param config config.js's config
   * @param room the room name (lower case)
   * @param local {displayName, tracks: {audio, video}, token, credentials, transport, roomJid,
   *     xmpp}; `xmpp` is a connection already logging in (preconnect), else one is made
   */
  constructor(config, room, local) {
    super();
    this.config = config;
    this.room = room;
    // A breakout room names its own JID (on the breakout MUC); `room` stays the meeting's name.
    this.roomJid = local.roomJid || `${room}@${config.hosts.muc}`;
    this.endpointId = randomEndpointId();
    this.displayName = local.displayName;
    this.email = local.email || '';
    this.tracks = { audio: local.tracks.audio || null, video: local.tracks.video || null, screen: null };
    this.audioMuted = !this.tracks.audio;
    this.videoMuted = !this.tracks.video;
    this.raisedHand = false;
    /** Media a moderator muted us in; unmuting it asks the focus first to lift the bridge's mute. */
    this.mutedByFocus = { audio: false, video: false };
    this.participants = new Map();
    /** The nicks of occupants seen leaving the room, in order (for the status and the tests). */
    this.departures = [];
    this.focusJid = null;
    this.session = null;
    this.channel = null;
    this.dominant = null;
    this.simulcastState = {};
    // Our video codecs in config.js's order, as far as this browser takes them (codecs.js).
    this.codecCaps = browserCapabilities(
      globalThis.RTCRtpReceiver?.getCapabilities?.('video'),
      globalThis.RTCRtpSender?.getCapabilities?.('video'),
    );
    this.localCodecs = localCodecOrder(config, this.codecCaps, {
      mobile: isMobileAgent(globalThis.navigator?.userAgent),
    });
    this.xmpp = local.xmpp?.xmpp ?? new XmppConnection(config, {
      token: local.token,
      credentials: local.credentials,
      transport: local.transport,
    });
    /** The login and service requests started on the pre-join screen (preconnect), or null. */
    this.early = local.xmpp ?? null;
    this.muc = new MucRoom(this.xmpp, this.roomJid, this.endpointId);
    /** A/V moderation: who may unmute (docs/wire.md "A/V moderation"). */
    this.avModeration = new AvModerationClient(this);
    this.wire();
    /** Raise hand, reactions, polls, speaker stats, ending the meeting (in-meeting.js). */
    this.features = new InMeeting(this);
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  status(kind, text) {
    this.emit('status', { kind, text });
  }

  wire() {
    answerDisco(this.xmpp);
    // A meeting whose allocation hook names its own TURN server: the server pushes the change
    // before the focus's offer, which then uses it (docs/xmpp-server.md, "A meeting's TURN servers").
    answerServicePushes(this.xmpp, this.config.hosts.domain, (services) => {
      this.iceServers = applyServicesPush(this.iceServers || [], services);
    });
    this.xmpp.addHandler((e) => this.onJingle(e), NS.JINGLE, 'iq', 'set');
    for (const ns of Object.values(NS_MUTE)) this.xmpp.addHandler((e) => this.onMuteNotice(e), ns, 'iq', 'set');
    this.xmpp.addEventListener('disconnected', () => this.status('reconnecting', t('status.connectionLost')));
    this.xmpp.addEventListener('reconnecting', (e) =>
      this.status('reconnecting', t('status.reconnectingAttempt', { n: e.detail.attempt })),
    );
    this.xmpp.addEventListener('reconnected', (e) => this.onReconnected(e.detail));
    const m = this.muc;
    m.addEventListener('occupant-joined', (e) => this.onOccupant(e.detail));
    m.addEventListener('occupant-changed', (e) => this.onOccupant(e.detail));
    m.addEventListener('occupant-left', (e) => {
      this.departures.push(e.detail.nick);
      const p = this.participants.get(e.detail.nick);
      if (!p) return;
      this.participants.delete(e.detail.nick);
      this.emit('participant-left', p);
      if (p.codecList) this.chooseCodecSoon();
    });
    m.addEventListener('chat', (e) => this.emit('chat', e.detail));
    m.addEventListener('private-chat', (e) => this.emit('private-chat', e.detail));
    m.addEventListener('self-changed', (e) => this.emit('self', e.detail));
    m.addEventListener('left', (e) => {
      const removal = e.detail.removal;
      if (removal?.kicked) this.emit('kicked', { ...removal, by: this.nameOf(removal.actor) });
      if (removal?.destroyed) this.emit('ended', removal);
    });
    m.addEventListener('config-changed', () => this.emit('room-config'));
  }

  /** Who we are to the server: 'open', 'guest', 'user' or 'token' (access.js). */
  get who() {
    return this.xmpp.who;
  }

  /**
   * Logs in (or finishes the login preconnect started), then asks the server for STUN/TURN and
   * its components at once; the focus is asked by requestAccess(), the room joined by join().
   */
  async connect() {
    this.status('connecting', t('status.connecting'));
    const early = this.early;
    this.early = null;
    const found = early && (await early.loggingIn) ? await early.services : null;
    if (!found) await this.xmpp.connect();
    mark('xmpp-connected');
    const ice = (found?.ice ?? iceServers(this.xmpp, this.config.hosts.domain)).then((servers) => {
      mark('ice-servers');
      return servers;
    });
    const components = this.features.discover(found?.components).then(() => mark('domain-disco'));
    [this.iceServers] = await Promise.all([ice, components]);
    this.muc.local = {
      endpointId: this.endpointId,
      displayName: this.displayName,
      email: this.email,
      audioMuted: this.audioMuted,
      videoMuted: this.videoMuted,
      capsVer: await capsVersion(),
      codecList: this.localCodecs,
    };
  }

  /**
   * Asks the focus for the conference and says what its answer means for us (access.js): join,
   * wait for the host, sign in... While a guest's request gets ready='false' (the host's meeting
   * is starting) it keeps asking, and 'access' events say it is waiting.
   */
  async requestAccess() {
    let outcome;
    try {
      const r = await requestConference(this.xmpp, this.config, this.roomJid, this.endpointId, {
        maxDelayMs: this.who === 'guest' ? WAITING_RETRY_MS : undefined,
        onNotReady: () => {
          const step = afterFocus(this.config, this.who, { ready: false });
          if (step.state === 'waiting-for-host') this.emit('access', step);
        },
      });
      this.focusJid = r.focusJid;
      this.focusReady = true;
      mark('focus-ready');
      outcome = { ready: true };
    } catch (e) {
      this.focusReady = false;
      outcome = { error: e };
    }
    const step = afterFocus(this.config, this.who, outcome);
    if (step.state === 'focus-unavailable') {
      // The room still works for chat; media starts once the focus answers.
      this.status('warning', t('status.focusSilent'));
      clearTimeout(this.focusRetry);
      this.focusRetry = setTimeout(() => this.askFocus().then((ok) => ok && this.status('ok', '')), FOCUS_RETRY_MS);
    }
    return step;
  }

  /** Asks the focus again; true once it is ready. */
  async askFocus() {
    return (await this.requestAccess()).state === 'join';
  }

  /**
   * Signs in with a user name and password on the same server (a host who arrived as a guest);
   * rejects with kind 'auth-failed' on a wrong password. The focus is asked again by the caller.
   */
  async signIn(credentials) {
    this.status('connecting', t('status.signingIn'));
    try {
      await this.xmpp.signIn(credentials);
      this.iceServers = await iceServers(this.xmpp, this.config.hosts.domain);
    } finally {
      this.status('ok', '');
    }
  }

  /** Joins the room; rejects with {kind: 'password'|'not-open'|...} for the UI to act on. */
  async join(password) {
    if (!this.avModeration.supported) this.avModeration.discover(); // its greeting waits for the answer
    const me = await this.muc.join(password);
    mark('room-joined');
    // The meeting may have a TURN server of its own, which the server hands to its occupants only.
    this.iceServers = await iceServers(this.xmpp, this.config.hosts.domain);
    this.password = password || null;
    if (this.focusReady !== false) this.status('ok', '');
    this.emit('joined', me);
    return me;
  }

  /** Whether we own the room: the focus makes its moderators owners, as Jicofo does. */
  get isOwner() {
    return this.muc.me?.affiliation === 'owner';
  }

  /** Whether we moderate: owner and moderator, as Jitsi's client decides it for itself. */
  get isModerator() {
    return isLocalModerator(this.muc.me);
  }

  /** A participant's name by nick, for notices ('Someone' when unknown). */
  nameOf(nick) {
    return (nick && this.participants.get(nick)?.displayName) || 'Someone';
  }

  /**
   * Asks the focus to mute a participant's audio or video (docs/wire.md "Mute"); `muted` false is
   * only for ourselves. Rejects with the focus's {condition, text, message} when refused.
   */
  async requestMute(nick, media, muted = true) {
    const iq = $iq({ type: 'set', to: `${this.roomJid}/focus` });
    try {
      await this.xmpp.sendIQ(appendTo(iq, muteRequest(this.roomJid, nick, media, muted), 'jabber:client'));
    } catch (e) {
      throw iqError(e);
    }
  }

  /** Mutes everyone else's audio or video: one request per participant, as Jitsi's app does. */
  muteEveryone(media) {
    return Promise.allSettled([...this.participants.keys()].map((nick) => this.requestMute(nick, media, true)));
  }

  /** Removes a participant from the meeting (moderators). */
  kick(nick) {
    return this.muc.admin(kickQuery(nick));
  }

  /** Makes a participant an owner, so a moderator (owners only). */
  grantModerator(nick) {
    return this.muc.admin(grantOwnerQuery(nick));
  }

  /** Takes a participant's moderator rights back (owners only), as lib-jitsi-meet's revokeOwner. */
  revokeModerator(nick) {
    return this.muc.admin(revokeOwnerQuery(nick));
  }

  /** A private message to one participant. */
  sendPrivate(nick, text) {
    this.muc.sendPrivate(nick, text);
  }

  /**
   * The focus's notice that a moderator muted us: believed only from the focus's occupant JID.
   * We mute the track and say who did it; the answer is a result (lib-jitsi-meet sends none, the
   * focus waits for none).
   */
  onMuteNotice(element) {
    const iq = fromElement(element);
    const notice = readMuteNotice(iq, this.roomJid);
    const reply = $iq({ type: notice ? 'result' : 'error', to: iq.attrs.from, id: iq.attrs.id });
    if (!notice) {
      this.xmpp.send(reply.c('error', { type: 'cancel' }).c('not-allowed', { xmlns: STANZA_ERRORS }));
      return;
    }
    this.xmpp.send(reply);
    if (!notice.muted) return;
    this.mutedByFocus[notice.media] = true;
    if (notice.media === 'audio') this.setAudioMuted(true);
    else this.setVideoTrack(null);
    this.emit('muted-by-moderator', { media: notice.media, actor: notice.actor, by: this.nameOf(notice.actor) });
  }

  /** Whether this is a private- room, which keeps a password once it has one. */
  get isPrivate() {
    return this.room.startsWith(this.config.privateRoomPrefix || 'private-');
  }

  /** Whether we are the owner of a private room that has no password yet. */
  async needsPassword() {
    if (!this.isPrivate || !this.isOwner || this.password) return false;
    try {
      return !(await this.muc.passwordProtected());
    } catch {
      return true;
    }
  }

  /** Whether the room asks joiners for a password now. */
  roomHasPassword() {
    return this.muc.passwordProtected();
  }

  /** Sets or changes the room password (owners only); rejects with {condition, text, message}. */
  async setRoomPassword(secret) {
    await this.muc.setPassword(secret);
    this.password = secret;
  }

  /** Removes the room password (owners only; a private room refuses with not-allowed). */
  async removeRoomPassword() {
    await this.muc.setPassword('');
    this.password = null;
  }

  isFocus(o) {
    if (this.focusJid && o.jid) return o.jid.toLowerCase().startsWith(this.focusJid.toLowerCase() + '/');
    return o.nick === 'focus';
  }

  onOccupant(o) {
    if (this.isFocus(o)) return;
    const existing = this.participants.get(o.nick);
    const codecsChanged = JSON.stringify(existing?.codecList || null) !== JSON.stringify(o.codecList || null);
    const p = Object.assign(existing || { id: o.nick, tracks: {} }, {
      displayName: o.displayName || `Guest ${o.nick.slice(0, 4)}`,
      audioMuted: o.audioMuted,
      videoMuted: o.videoMuted,
      raisedHand: o.raisedHand,
      screenSharing: o.screenSharing,
      role: o.role,
      affiliation: o.affiliation,
      codecList: o.codecList || null,
    });
    this.participants.set(o.nick, p);
    this.emit(existing ? 'participant-changed' : 'participant-joined', p);
    if (codecsChanged) this.chooseCodecSoon();
  }

  /**
   * The video codecs we may send, best first: ours, less those some participant lacks (those that
   * publish no list do not count). Empty when nothing is common (then nothing changes).
   */
  videoCodecOrder() {
    return selectCodecOrder(
      this.localCodecs,
      [...this.participants.values()].map((p) => p.codecList || null),
    );
  }

  /** Chooses the codec again once joins and leaves have settled, and renegotiates if it changed. */
  chooseCodecSoon() {
    clearTimeout(this.codecTimer);
    this.codecTimer = setTimeout(() => {
      const order = this.videoCodecOrder();
      if (!order.length) {
        console.warn('no video codec common to every participant; keeping', this.videoCodec);
        return;
      }
      this.session?.setVideoCodecs(order);
    }, CODEC_CHOICE_DELAY_MS);
  }

  /** The video codec our camera is sent with ('AV1', 'VP9', 'VP8', 'H264'), null before media. */
  get videoCodec() {
    return this.session?.videoCodec || null;
  }

  /** The codec choice, for the tests and diagnostics. */
  codecInfo() {
    return {
      local: this.localCodecs,
      selected: this.videoCodecOrder(),
      codec: this.videoCodec,
      mode: this.session?.plan?.mode || null,
      scalabilityMode: this.session?.plan?.scalabilityMode || null,
      error: this.session?.encodingError || null,
    };
  }

  onJingle(element) {
    const iq = fromElement(element);
    const jingle = first(iq, 'jingle', NS.JINGLE);
    const from = iq.attrs.from || '';
    if (!jingle) return;
    const action = jingle.attrs.action;
    const reply = (type) => $iq({ type, to: from, id: iq.attrs.id });
    // The bridge session comes from the focus's occupant, whose resource is 'focus' (WIRE.md §1).
    if (from !== `${this.roomJid}/focus`) {
      this.xmpp.send(reply('error').c('error', { type: 'cancel' }).c('not-acceptable', { xmlns: STANZA_ERRORS }));
      return;
    }
    if (action === 'session-initiate') {
      mark('session-initiate');
      this.xmpp.send(reply('result'));
      this.startSession(from, jingle);
      return;
    }
    if (!this.session || this.session.sid !== jingle.attrs.sid || !this.session.handle(action, jingle)) {
      this.xmpp.send(
        reply('error')
          .c('error', { type: 'cancel' })
          .c('item-not-found', { xmlns: STANZA_ERRORS })
          .up()
          .c('unknown-session', { xmlns: 'urn:xmpp:jingle:errors:1' }),
      );
      return;
    }
    this.xmpp.send(reply('result'));
  }

  startSession(focusOccupant, jingle) {
    if (this.session) this.session.close(false);
    for (const p of this.participants.values()) {
      for (const kind of Object.keys(p.tracks)) this.emit('track-removed', { id: p.id, kind });
      p.tracks = {};
    }
    const session = new Session(this.xmpp, jingle, {
      endpointId: this.endpointId,
      ourJid: this.xmpp.jid,
      focusJid: focusOccupant,
      iceServers: this.iceServers,
      simulcast: !this.config.disableSimulcast,
      simulcastState: this.simulcastState,
      tracks: this.tracks,
      videoCodecOrder: this.videoCodecOrder(),
      codecCaps: this.codecCaps,
      codecSettings: { vp9: this.config.videoQuality?.vp9, av1: this.config.videoQuality?.av1 },
      resolution: this.config.resolution || 720,
    });
    this.session = session;
    session.addEventListener('remote-track', (e) => this.onRemoteTrack(e.detail));
    session.addEventListener('remote-source-removed', (e) => {
      const slot = e.detail;
      const p = this.participants.get(slot.owner);
      const kind = slot.videoType === 'desktop' ? 'screen' : slot.media;
      if (p && p.tracks[kind]) {
        delete p.tracks[kind];
        this.emit('track-removed', { id: p.id, kind });
      }
    });
    session.addEventListener('ice-state', (e) => {
      if (session !== this.session) return;
      this.emit('ice-state', e.detail);
      if (e.detail === 'disconnected') this.status('reconnecting', t('status.mediaInterrupted'));
      if (e.detail === 'connected' || e.detail === 'completed') this.status('ok', '');
    });
    session.addEventListener('video-codec', (e) => this.emit('video-codec', e.detail));
    session.addEventListener('restart-requested', () => this.status('reconnecting', t('status.restoring')));
    session.addEventListener('terminated', () => {
      if (session === this.session) {
        this.channel?.close();
        this.channel = null;
      }
    });
    session.start().then(() => {
      if (session !== this.session) return;
      this.openChannel(session.bridgeChannelUrl);
      if (this.tracks.screen) this.channel?.sourceVideoType(`${this.endpointId}-v1`, 'desktop');
    });
  }

  openChannel(url) {
    this.channel?.close();
    this.channel = null;
    if (!url) return;
    const channel = new BridgeChannel(url);
    this.channel = channel;
    channel.addEventListener('open', () => this.updateConstraints());
    // Which videos the bridge forwards to us now (it drops some when bandwidth is short).
    channel.addEventListener('ForwardedSources', (e) => {
      this.forwarded = e.detail.forwardedSources || [];
      this.emit('forwarded', this.forwarded);
    });
    channel.addEventListener('EndpointMessage', (e) =>
      this.emit('endpoint-message', { from: e.detail.from, payload: e.detail.msgPayload }),
    );
    // Huddle's bridge says why it dropped one of our messages (a malformed reaction).
    channel.addEventListener('HuddleMessageRefused', (e) => this.emit('channel-refused', e.detail));
    channel.addEventListener('DominantSpeakerEndpointChangeEvent', (e) => {
      this.dominant = e.detail.dominantSpeakerEndpoint;
      this.emit('dominant-speaker', this.dominant);
      this.updateConstraints();
    });
  }

  /** Which videos we want and how tall: the speaker and screen shares sharp, the rest smaller. */
  updateConstraints() {
    if (!this.channel) return;
    const onStage = [];
    for (const p of this.participants.values()) if (p.tracks.screen) onStage.push(`${p.id}-v1`);
    // A pinned camera takes the stage instead of the speaker's; the strip of the others is small.
    const staged = this.pinned && this.participants.has(this.pinned) ? this.pinned : null;
    const star = staged || this.dominant;
    if (star && star !== this.endpointId) onStage.push(`${star}-v0`);
    this.channel.setReceiverConstraints({
      lastN: this.config.channelLastN ?? -1,
      onStage,
      defaultHeight: this.participants.size <= 4 && !staged ? 360 : 180,
      stageHeight: this.config.resolution || 720,
    });
  }

  /** Pins a participant's camera on the stage (null: back to the grid); the bridge sends it sharp. */
  pin(id) {
    this.pinned = id || null;
    this.updateConstraints();
  }

  onRemoteTrack({ track, owner, media, videoType }) {
    let p = this.participants.get(owner);
    if (!p) {
      p = { id: owner, displayName: `Guest ${owner.slice(0, 4)}`, tracks: {}, audioMuted: false, videoMuted: false };
      this.participants.set(owner, p);
      this.emit('participant-joined', p);
    }
    const kind = videoType === 'desktop' ? 'screen' : media;
    p.tracks[kind] = track;
    this.emit('track', { id: owner, kind, track });
    this.updateConstraints();
  }

  async onReconnected({ resumed }) {
    if (resumed) {
      this.status('ok', t('status.reconnected'));
      return;
    }
    // The server forgot us: join again as a new occupant; the focus invites us again.
    this.status('reconnecting', t('status.rejoining'));
    this.session?.close(false);
    this.session = null;
    this.channel?.close();
    this.channel = null;
    try {
      await this.askFocus();
      await this.muc.join(this.password);
      this.status('ok', t('status.reconnected'));
    } catch (e) {
      this.status('error', t('status.rejoinFailed', { error: e.text || e.condition || e.message }));
    }
  }

  /**
   * Before unmuting media a moderator muted: asks the focus to lift the bridge's mute (the bridge
   * drops that media until then). Rejects when the focus refuses; the media then stays muted.
   */
  async liftModeratorMute(media) {
    // The moderator role suffices here, as the component and the focus decide it.
    if (!this.avModeration.mayUnmute(media, this.muc.me?.role === 'moderator')) {
      throw { condition: 'not-allowed', text: 'a moderator must allow you to unmute first' };
    }
    if (!this.mutedByFocus[media]) return;
    await this.requestMute(this.endpointId, media, false);
    this.mutedByFocus[media] = false;
  }

  setAudioMuted(muted) {
    this.audioMuted = muted;
    if (this.tracks.audio) this.tracks.audio.enabled = !muted;
    this.muc.update({ audioMuted: muted });
  }

  /** Camera off stops the device (its light goes out); on opens it again. */
  async setVideoTrack(track) {
    if (this.tracks.video && this.tracks.video !== track) this.tracks.video.stop();
    this.tracks.video = track;
    this.videoMuted = !track;
    await this.session?.replaceTrack('video', track);
    this.muc.update({ videoMuted: !track });
  }

  async setScreen(track) {
    if (this.tracks.screen && this.tracks.screen !== track) this.tracks.screen.stop();
    this.tracks.screen = track;
    if (this.session) await this.session.setScreen(track);
    this.muc.update({ screenSharing: !!track });
    if (track) this.channel?.sourceVideoType(`${this.endpointId}-v1`, 'desktop');
  }

  setRaisedHand(raised) {
    this.raisedHand = raised ? Date.now() : false;
    this.muc.update({ raisedHand: this.raisedHand });
  }

  sendChat(text) {
    this.muc.sendChat(text);
  }

  /**
   * Leaves at once, for a page that is going away (pagehide): the room's unavailable presence,
   * the session's end and the stream's close go out in this turn, since nothing awaited would run
   * any more. The others see the leave now instead of a frozen tile until stream management's
   * resumption window ends (smacks_hibernation_time).
   */
  abandon() {
    clearTimeout(this.focusRetry);
    clearTimeout(this.codecTimer);
    this.muc.leaveNow(); // the room's own leave first: the stream's close may not make it out
    this.session?.close(true);
    this.channel?.close();
    for (const t of Object.values(this.tracks)) t?.stop();
    this.xmpp.disconnect();
  }

  /**
   * Shares a file in the chat (docs/records.md "Files"): a slot from the server's XEP-0363 service
   * for this meeting, the PUT, then a groupchat message with the link. Rejects with an Error whose
   * message the user can read.
   */
  async shareFile(file) {
    this.uploadService ??= await findUploadService(this.xmpp, this.config.hosts.domain, $iq, fromElement);
    const service = this.uploadService;
    if (!service) throw new Error(t('upload.none'));
    if (file.size > service.maxSize) throw new Error(t('upload.tooLarge', { size: sizeText(service.maxSize) }));
    const type = file.type || 'application/octet-stream';
    let slot;
    try {
      const request = slotRequest({ name: file.name, size: file.size, type, roomJid: this.roomJid });
      slot = readSlot(fromElement(await this.xmpp.sendIQ(appendTo($iq({ type: 'get', to: service.jid }), request, 'jabber:client'))));
    } catch (e) {
      throw new Error(slotRefusal(e?.nodeType ? fromElement(e) : null));
    }
    if (!slot) throw new Error(t('upload.noSlot'));
    const put = await fetch(slot.put, { method: 'PUT', headers: { ...slot.headers, 'Content-Type': type }, body: file });
    if (!put.ok) throw new Error(t('upload.failed', { status: put.status }));
    this.muc.sendFile(slot.get, file.name);
  }

  /** Leaves the meeting: media first, then the room (waiting for it to confirm), then the server. */
  async leave() {
    clearTimeout(this.focusRetry);
    clearTimeout(this.codecTimer);
    this.session?.close(true);
    this.channel?.close();
    for (const t of Object.values(this.tracks)) t?.stop();
    await this.muc.leave();
    this.xmpp.disconnect();
  }
}
