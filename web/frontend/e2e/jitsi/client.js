// A meeting participant written against Jitsi's client library only (window.JitsiMeetJS), the way
// a Jitsi web client uses it: connect over the XMPP WebSocket, join with P2P off so that media
// goes through the bridge, send a camera and a microphone, and attach every remote track to an
// element. window.ljm exposes what the browser scenarios check. Options come from the query:
// room, name, ws (the XMPP WebSocket URL), domain, codec (VP8, VP9, H264, AV1), sourceNames (1:
// Jitsi's source-name signalling), height (the receiver's max height), trace (1: keep every Jingle
// stanza sent and received, with the page time, in window.ljm.stanzas), password (sent with the
// join). window.ljm.lock(pw) and unlock() are the moderator's conference.lock()/unlock(), and
// window.ljm.locked what LOCK_STATE_CHANGED last said. window.ljm.mute(id, kind) is the moderator's
// conference.muteParticipant(); remoteMuted[id + '-' + kind] is what TRACK_MUTE_CHANGED last said of
// a remote track; localMuted(kind), mutedByFocus() and unmuteLocal(kind) are the local side.
// A/V moderation: window.ljm.avModeration(on, kind), approve(id, kind) and reject(id, kind) are the
// moderator's enableAVModeration/disableAVModeration, avModerationApprove and avModerationReject;
// window.ljm.av lists the AV_MODERATION_* events as strings ("changed audio true", "approved audio",
// "participant-approved audio <id>", ...), and window.ljm.iqErrors the error conditions of the IQs
// the library got answered with an error ("not-allowed", ...).
// Breakout rooms: createBreakoutRoom(subject), sendToRoom(endpointId, roomJid),
// removeBreakoutRoom(roomJid), isBreakoutRoom(), mainRoomJid(); a move the server asks for is
// followed as jitsi-meet follows it (leave, then join the room as a new conference).
// The lobby: enableLobby() and disableLobby() (moderators), joinLobby(name, email) after a
// MEMBERS_ONLY_ERROR, lobbyApprove(id) and lobbyDeny(id) (moderators); window.ljm.lobbyUsers is what
// LOBBY_USER_JOINED/LEFT said (id -> name), membersOnly what MEMBERS_ONLY_CHANGED last said, and
// failures every CONFERENCE_FAILED as {error, args}.
(function () {
  const q = new URLSearchParams(location.search);
  const domain = q.get('domain') || 'meet.jitsi';
  const state = { state: 'starting', errors: [], endpointId: null, remote: [], events: [] };
  window.ljm = state;
  const JitsiMeetJS = window.JitsiMeetJS;
  const E = JitsiMeetJS.events;
  const note = (what) => state.events.push(`${Math.round(performance.now())} ${what}`);
  const fail = (what, e) => {
    state.errors.push(`${what}: ${e && (e.message || e.name || e)}`);
    note(`error ${what}`);
  };

  JitsiMeetJS.setLogLevel('warn');
  const sourceNames = q.get('sourceNames') === '1';
  JitsiMeetJS.init({
    disableAudioLevels: true,
    flags: { sourceNameSignaling: sourceNames, sendMultipleVideoStreams: sourceNames, receiveMultipleVideoStreams: true },
  });

  const connection = new JitsiMeetJS.JitsiConnection(null, null, {
    hosts: { domain, muc: `muc.${domain}`, focus: `focus.${domain}` },
    serviceUrl: `${q.get('ws')}?room=${encodeURIComponent(q.get('room'))}`,
    clientNode: 'https://jitsi.org/jitsi-meet',
  });
  state.connection = connection;

  const codec = q.get('codec') || 'VP8';
  // name and customDomain: another room than the query's, as a move to a breakout room asks.
  const conference = (name = q.get('room'), customDomain = undefined) => {
    const conf = connection.initJitsiConference(name, {
      p2p: { enabled: false },
      openBridgeChannel: 'websocket',
      videoQuality: { preferredCodec: codec, enforcePreferredCodec: true },
      customDomain,
    });
    state.conference = conf;
    watchInMeeting(conf);
    breakoutEvents(conf);
    conf.on(E.conference.CONFERENCE_JOINED, () => {
      state.endpointId = conf.myUserId();
      state.state = 'joined';
      state.joinedAt = performance.now();
      note('joined');
      const height = Number(q.get('height') || 720);
      conf.setReceiverVideoConstraint(height);
    });
    conf.on(E.conference.CONFERENCE_FAILED, (e, ...args) => {
      state.failures.push({ error: e, args: args.map((a) => (typeof a === 'object' ? String(a) : a)) });
      // Sent to the lobby, or denied from it: outcomes the lobby scenario expects, not errors.
      if (e === JitsiMeetJS.errors.conference.MEMBERS_ONLY_ERROR || e === JitsiMeetJS.errors.conference.CONFERENCE_ACCESS_DENIED) note(`conference failed ${e}`);
      else fail('conference failed', e);
    });
    conf.on(E.conference.MEMBERS_ONLY_CHANGED, (on) => {
      state.membersOnly = on;
      note(`members only ${on}`);
    });
    conf.on(E.conference.LOBBY_USER_JOINED, (id, name) => {
      state.lobbyUsers[id] = name;
      note(`lobby: ${name} (${id}) knocks`);
    });
    conf.on(E.conference.LOBBY_USER_LEFT, (id) => {
      delete state.lobbyUsers[id];
      note(`lobby: ${id} left`);
    });
    conf.on(E.conference.LOCK_STATE_CHANGED, (locked) => {
      state.locked = locked;
      note(`lock state ${locked}`);
    });
    conf.on(E.conference.TRACK_MUTE_CHANGED, (track) => {
      if (track.isLocal()) return;
      state.remoteMuted[`${track.getParticipantId()}-${track.getType()}`] = track.isMuted();
      note(`${track.getType()} of ${track.getParticipantId()} muted ${track.isMuted()}`);
    });
    state.av = [];
    const av = (what) => {
      state.av.push(what);
      note(`A/V moderation: ${what}`);
    };
    conf.on(E.conference.AV_MODERATION_CHANGED, ({ enabled, mediaType }) => av(`changed ${mediaType} ${enabled}`));
    conf.on(E.conference.AV_MODERATION_APPROVED, ({ mediaType }) => av(`approved ${mediaType}`));
    conf.on(E.conference.AV_MODERATION_REJECTED, ({ mediaType }) => av(`rejected ${mediaType}`));
    conf.on(E.conference.AV_MODERATION_PARTICIPANT_APPROVED, ({ participant, mediaType }) =>
      av(`participant-approved ${mediaType} ${participant.getId()}`));
    conf.on(E.conference.AV_MODERATION_PARTICIPANT_REJECTED, ({ participant, mediaType }) =>
      av(`participant-rejected ${mediaType} ${participant.getId()}`));
    // From the conferenceduration component, which the library found by disco on the domain.
    conf.on(E.conference.CONFERENCE_CREATED_TIMESTAMP, (ms) => {
      state.createdTimestamp = ms;
      note(`room created at ${ms}`);
    });
    conf.on(E.conference.TRACK_ADDED, (track) => {
      if (track.isLocal()) return;
      const kind = track.getType();
      const el = document.createElement(kind === 'video' ? 'video' : 'audio');
      el.autoplay = true;
      el.muted = kind === 'audio';
      el.dataset.owner = track.getParticipantId();
      el.dataset.ssrc = String(track.getSSRC());
      document.getElementById('videos').appendChild(el);
      track.attach(el);
      const entry = { owner: track.getParticipantId(), kind, ssrc: track.getSSRC(), videoType: track.getVideoType && track.getVideoType(), at: performance.now(), element: el };
      state.remote.push(entry);
      if (state.firstRemoteVideoAt === undefined && kind === 'video') state.firstRemoteVideoAt = performance.now();
      note(`track ${kind} from ${entry.owner} ssrc ${entry.ssrc}`);
    });
    conf.on(E.conference.TRACK_REMOVED, (track) => {
      if (track.isLocal()) return;
      state.remote = state.remote.filter((r) => r.ssrc !== track.getSSRC() || r.owner !== track.getParticipantId());
      note(`track removed ${track.getType()} from ${track.getParticipantId()}`);
    });
    JitsiMeetJS.createLocalTracks({ devices: ['audio', 'video'], resolution: 720 })
      .then((tracks) => {
        state.local = tracks;
        return Promise.all(tracks.map((t) => conf.addTrack(t)));
      })
      .then(() => conf.join(q.get('password') || undefined))
      .catch((e) => fail('local tracks', e));
  };

  // Breakout rooms (lib-jitsi-meet's BreakoutRooms, found through the breakout_rooms disco identity).
  // As jitsi-meet does, a BREAKOUT_ROOMS_MOVE_TO_ROOM makes this client leave its conference and
  // join the named room as a new one. window.ljm.breakout is what BREAKOUT_ROOMS_UPDATED last said,
  // window.ljm.movedTo the rooms it was sent to, window.ljm.rooms the rooms it joined, in order.
  state.movedTo = [];
  state.rooms = [];
  function breakoutEvents(conf) {
    conf.on(E.conference.BREAKOUT_ROOMS_UPDATED, (payload) => {
      state.breakout = payload;
      note(`breakout rooms: ${Object.keys(payload.rooms || {}).length} rooms`);
    });
    conf.on(E.conference.BREAKOUT_ROOMS_MOVE_TO_ROOM, (roomJid) => {
      state.movedTo.push(roomJid);
      note(`sent to ${roomJid}`);
      state.moveTo(roomJid).catch((e) => fail('move to room', e));
    });
    conf.on(E.conference.CONFERENCE_JOINED, () => state.rooms.push(conf.room && conf.room.roomjid));
  }
  state.moveTo = async (roomJid) => {
    const [node, domain] = roomJid.split('@');
    const old = state.conference;
    state.state = 'moving';
    try {
      await old.leave();
    } catch (e) {
      fail('leaving for another room', e);
    }
    (state.local || []).forEach((t) => t.dispose());
    state.local = null;
    state.remote = [];
    document.getElementById('videos').replaceChildren();
    conference(node, domain);
  };
  const breakoutRooms = () => state.conference.getBreakoutRooms();
  state.breakoutSupported = () => Boolean(state.conference && breakoutRooms().isSupported());
  state.createBreakoutRoom = (subject) => breakoutRooms().createBreakoutRoom(subject);
  state.removeBreakoutRoom = (roomJid) => breakoutRooms().removeBreakoutRoom(roomJid);
  state.isBreakoutRoom = () => Boolean(breakoutRooms().isBreakoutRoom());
  state.mainRoomJid = () => breakoutRooms().getMainRoomJid();
  /** As jitsi-meet's sendParticipantToRoom: the endpoint's real JID from the last update. */
  state.sendToRoom = (endpointId, roomJid) => {
    for (const room of Object.values((state.breakout && state.breakout.rooms) || {})) {
      for (const [occupant, p] of Object.entries(room.participants || {})) {
        if (occupant.endsWith(`/${endpointId}`)) {
          breakoutRooms().sendParticipantToRoom(p.jid, roomJid);
          return p.jid;
        }
      }
    }
    return null;
  };

  // As jitsi-meet's app does: the conference is made on the first CONNECTION_ESTABLISHED only.
  // lib-jitsi-meet fires it again when a stream is resumed (XEP-0198), as a loaded machine's ping
  // timeout causes, and the conference of that name already exists then.
  connection.addEventListener(E.connection.CONNECTION_ESTABLISHED, () => {
    note(state.conference ? 'connection resumed' : 'connected');
    if (state.conference) return;
    state.state = 'connected';
    conference();
  });
  connection.addEventListener(E.connection.CONNECTION_FAILED, (e) => fail('connection failed', e));
  connection.connect();

  state.iqErrors = [];
  const stropheConn = connection.xmpp && connection.xmpp.connection && connection.xmpp.connection._stropheConn;
  if (stropheConn) {
    stropheConn.addHandler((iq) => {
      const error = iq.getElementsByTagName('error')[0];
      const condition = error && [...error.children].find((c) => c.namespaceURI === 'urn:ietf:params:xml:ns:xmpp-stanzas' && c.tagName !== 'text');
      state.iqErrors.push(condition ? condition.tagName : 'unknown');
      return true;
    }, null, 'iq', 'error');
  }

  if (q.get('trace') === '1') {
    state.stanzas = [];
    const strophe = connection.xmpp && connection.xmpp.connection && connection.xmpp.connection._stropheConn;
    if (strophe) {
      const keep = (dir) => (data) => {
        if (typeof data === 'string' && data.includes('urn:xmpp:jingle:1')) state.stanzas.push(`${Math.round(performance.now())} ${dir} ${data}`);
      };
      strophe.rawInput = keep('in');
      strophe.rawOutput = keep('out');
    } else {
      fail('trace', 'no Strophe connection to trace');
    }
  }

  const pc = () => state.conference && state.conference.jvbJingleSession && state.conference.jvbJingleSession.peerconnection.peerconnection;

  /** The receiving side: inbound RTP by SSRC, and what the remote description names. */
  state.inbound = async () => {
    const p = pc();
    if (!p) return [];
    const out = [];
    (await p.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp') {
        out.push({ ssrc: s.ssrc, kind: s.kind, packets: s.packetsReceived, frames: s.framesDecoded || 0, codec: s.codecId, width: s.frameWidth || 0, height: s.frameHeight || 0, energy: s.totalAudioEnergy || 0, trackIdentifier: s.trackIdentifier });
      }
    });
    const codecs = {};
    (await p.getStats()).forEach((s) => { if (s.type === 'codec') codecs[s.id] = s.mimeType; });
    out.forEach((s) => { s.codec = codecs[s.codec] || s.codec; });
    return out;
  };
  state.outbound = async () => {
    const p = pc();
    if (!p) return [];
    const out = [];
    (await p.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp') out.push({ ssrc: s.ssrc, kind: s.kind, packets: s.packetsSent, frames: s.framesEncoded || 0, height: s.frameHeight || 0, rid: s.rid, active: s.active, limitation: s.qualityLimitationReason });
    });
    return out;
  };
  state.remoteSsrcs = () => {
    const p = pc();
    if (!p || !p.remoteDescription) return [];
    const ssrcs = new Set();
    for (const line of p.remoteDescription.sdp.split('\r\n')) {
      const m = /^a=ssrc:(\d+) /.exec(line);
      if (m) ssrcs.add(Number(m[1]));
    }
    return [...ssrcs];
  };
  state.remoteSdp = () => (pc() && pc().remoteDescription ? pc().remoteDescription.sdp : '');
  /** Per remote video element: its owner, SSRC and how many frames it has shown. */
  state.playing = () => state.remote.filter((r) => r.kind === 'video').map((r) => ({
    owner: r.owner,
    ssrc: r.ssrc,
    frames: r.element.getVideoPlaybackQuality().totalVideoFrames,
    width: r.element.videoWidth,
    height: r.element.videoHeight,
  }));
  /** conference.lock(pw) / unlock(): 'ok', or why the library refused. */
  const settled = (promise) => promise.then(() => 'ok', (e) => String((e && (e.message || e.name)) || e));
  state.lock = (pw) => settled(state.conference.lock(pw));
  state.unlock = () => settled(state.conference.unlock());
  state.remoteMuted = {};
  state.mute = (id, kind) => state.conference.muteParticipant(id, kind);
  const localTrack = (kind) => (state.local || []).find((t) => t.getType() === kind);
  state.localMuted = (kind) => Boolean(localTrack(kind) && localTrack(kind).isMuted());
  state.mutedByFocus = () => Boolean(state.conference && state.conference.isMutedByFocus);
  state.unmuteLocal = (kind) => settled(localTrack(kind).unmute());
  state.avModeration = (on, kind) => (on ? state.conference.enableAVModeration(kind) : state.conference.disableAVModeration(kind));
  state.approve = (id, kind) => state.conference.avModerationApprove(kind, id);
  state.reject = (id, kind) => state.conference.avModerationReject(kind, id);
  state.failures = [];
  state.lobbyUsers = {};
  state.membersOnly = false;
  state.lobbySupported = () => Boolean(state.conference && state.conference.isLobbySupported());
  state.enableLobby = () => settled(state.conference.enableLobby());
  state.disableLobby = () => state.conference.disableLobby();
  state.joinLobby = (name, email) => settled(state.conference.joinLobby(name, email));
  state.lobbyApprove = (id) => state.conference.lobbyApproveAccess(id);
  state.lobbyDeny = (id) => state.conference.lobbyDenyAccess(id);
  state.participants = () => (state.conference ? state.conference.getParticipants().map((p) => p.getId()) : []);
  // In-meeting features (issue 16), through the library's own calls: raise hand is the presence
  // property jitsi_participant_raisedHand; polls are sendMessage(object) json-messages in the room;
  // reactions are endpoint messages over the bridge channel. What arrives is kept: properties[id]
  // (PARTICIPANT_PROPERTY_CHANGED), messages (ENDPOINT_MESSAGE_RECEIVED: over the bridge channel or
  // json-messages from an occupant), roomMessages (NON_PARTICIPANT_MESSAGE_RECEIVED: the room's
  // old-polls), role (USER_ROLE_CHANGED of our own), left (CONFERENCE_LEFT or KICKED, e.g. ended).
  state.properties = {};
  state.messages = [];
  state.roomMessages = [];
  function watchInMeeting(conf) {
    conf.on(E.conference.PARTICIPANT_PROPERTY_CHANGED, (participant, name, oldValue, newValue) => {
      (state.properties[participant.getId()] ||= {})[name] = newValue;
      note(`property ${name} of ${participant.getId()}: ${newValue}`);
    });
    conf.on(E.conference.ENDPOINT_MESSAGE_RECEIVED, (participant, payload) => {
      state.messages.push({ from: participant.getId(), payload });
    });
    conf.on(E.conference.NON_PARTICIPANT_MESSAGE_RECEIVED, (id, payload) => state.roomMessages.push({ id, payload }));
    conf.on(E.conference.USER_ROLE_CHANGED, (id, role) => {
      if (id === conf.myUserId()) state.role = role;
    });
    conf.on(E.conference.KICKED, () => (state.left = 'kicked'));
    conf.on(E.conference.CONFERENCE_FAILED, (e) => (state.left = `failed ${e}`));
    conf.on(E.conference.CONFERENCE_LEFT, () => (state.left ||= 'left'));
  }
  state.raiseHand = (timestamp) => state.conference.setLocalParticipantProperty('raisedHand', timestamp);
  state.sendJson = (object) => state.conference.sendMessage(object);
  state.sendEndpointMessage = (to, payload) => state.conference.sendEndpointMessage(to, payload);
  state.grantOwner = (id) => state.conference.grantOwner(id);
  state.revokeOwner = (id) => state.conference.revokeOwner(id);
  state.isModerator = () => Boolean(state.conference && state.conference.isModerator());
  state.leave = async () => {
    if (state.conference) await state.conference.leave();
    connection.disconnect();
    state.state = 'left';
  };
})();
