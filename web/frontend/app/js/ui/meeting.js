// The meeting screen: ties the conference's events to the grid, chat and participant list, and
// the toolbar's buttons to the conference. Keyboard: every control is a button in tab order;
// M toggles the microphone, V the camera, C the chat (outside text fields).
import { Grid } from './grid.js';
import { Chat } from './chat.js';
import { ParticipantList } from './participants.js';
import { notify } from './notify.js';
import { S } from './strings.js';
import { roomPasswordControl } from './room-password.js';
import { avModerationUi } from './av-moderation.js';
import { confirmDialog } from './confirm.js';
import { openLocalMedia, openScreen, describe } from '../media/devices.js';
import { t, setText } from '../i18n.js';

export function showMeeting(conference, { onLeave, onKicked, onFirstRemoteFrame, resolution }) {
  const $ = (id) => document.getElementById(id);
  $('meeting').hidden = false;
  $('meeting-room').textContent = conference.room;
  document.title = `${conference.room} · Huddle`;
  const grid = new Grid($('grid'), onFirstRemoteFrame, (id) => conference.pin(id));
  const chat = new Chat(
    (text, to) => (to ? conference.sendPrivate(to, text) : conference.sendChat(text)),
    (id) => conference.nameOf(id),
    (file) => conference.shareFile(file),
  );
  /** Runs a moderator's request and says how it went. */
  const moderate = async (request, done) => {
    try {
      await request();
      if (done) notify('ok', done);
    } catch (e) {
      notify('error', S.refused(e?.text || e?.message || e?.condition || 'refused'));
    }
  };
  const people = new ParticipantList({
    mute: (id, media) =>
      moderate(
        () => conference.requestMute(id, media, true),
        (media === 'audio' ? S.mutedSomeone : S.stoppedSomeone)(conference.nameOf(id)),
      ),
    muteEveryone: (media) =>
      moderate(async () => {
        const refused = (await conference.muteEveryone(media)).find((r) => r.status === 'rejected');
        if (refused) throw refused.reason;
      }, media === 'audio' ? S.mutedEveryone : S.stoppedEveryoneVideo),
    kick: async (id) => {
      const name = conference.nameOf(id);
      if (!(await confirmDialog({ title: S.kickTitle(name), text: S.kickText(name), confirm: S.kick }))) return;
      return moderate(() => conference.kick(id), S.kicked(name));
    },
    revoke: (id) => moderate(() => conference.revokeModerator(id), S.revoked(conference.nameOf(id))),
    lowerHand: (id) => conference.features.askToLowerHand(id),
    grant: (id) => moderate(() => conference.grantModerator(id), S.granted(conference.nameOf(id))),
    whisper: (id) => chat.whisper(id),
  });
  /** Who muted us, by medium, while the mute lasts (for the pane). */
  const mutedBy = { audio: null, video: null };
  const self = () => ({
    id: conference.endpointId,
    role: conference.muc.me?.role,
    mutedBy: mutedBy.audio || mutedBy.video,
    displayName: conference.displayName,
    audioMuted: conference.audioMuted,
    videoMuted: conference.videoMuted,
    raisedHand: conference.raisedHand,
    screenSharing: !!conference.tracks.screen,
  });
  const renderPeople = () => people.render(self(), conference.participants.values(), conference.isModerator);
  const refresh = () => {
    grid.update(self(), true);
    renderPeople();
    const mic = $('btn-mic');
    mic.setAttribute('aria-pressed', String(conference.audioMuted));
    setText(mic, conference.audioMuted ? 'toolbar.unmute' : 'toolbar.mute');
    const cam = $('btn-cam');
    cam.setAttribute('aria-pressed', String(conference.videoMuted));
    setText(cam, conference.videoMuted ? 'toolbar.startVideo' : 'toolbar.stopVideo');
    const screen = $('btn-screen');
    screen.setAttribute('aria-pressed', String(!!conference.tracks.screen));
    setText(screen, conference.tracks.screen ? 'toolbar.stopSharing' : 'toolbar.shareScreen');
    const hand = $('btn-hand');
    hand.setAttribute('aria-pressed', String(!!conference.raisedHand));
    setText(hand, conference.raisedHand ? 'toolbar.lowerHand' : 'toolbar.raiseHand');
  };
  grid.setTrack(conference.endpointId, 'video', conference.tracks.video, true);
  refresh();
  avModerationUi(conference, { people, refresh });

  conference.addEventListener('participant-joined', (e) => {
    grid.update(e.detail);
    renderPeople();
    notify('ok', t('meeting.joined', { name: e.detail.displayName }));
  });
  conference.addEventListener('participant-changed', (e) => {
    grid.update(e.detail);
    renderPeople();
  });
  conference.addEventListener('participant-left', (e) => {
    grid.remove(e.detail.id);
    chat.forget(e.detail.id);
    renderPeople();
    notify('ok', t('meeting.left', { name: e.detail.displayName }));
  });
  conference.addEventListener('track', (e) => {
    grid.setTrack(e.detail.id, e.detail.kind, e.detail.track);
    const p = conference.participants.get(e.detail.id);
    if (p) grid.update(p);
  });
  conference.addEventListener('track-removed', (e) => grid.removeTrack(e.detail.id, e.detail.kind));
  // Those already in the room, and any track that came before this screen (the focus's offer can
  // arrive with the room's answer to our join, before the app has shown the meeting): drawn now,
  // since their events have gone by.
  for (const p of conference.participants.values()) {
    for (const [kind, track] of Object.entries(p.tracks || {})) {
      if (track) grid.setTrack(p.id, kind, track);
    }
    grid.update(p);
  }
  conference.addEventListener('dominant-speaker', (e) => grid.speaker(e.detail));
  conference.addEventListener('forwarded', (e) => grid.forwarded(new Set(e.detail)));
  conference.addEventListener('chat', (e) => chat.add(e.detail));
  conference.addEventListener('private-chat', (e) => chat.add({ ...e.detail, private: true }));
  conference.addEventListener('self', refresh);
  conference.addEventListener('muted-by-moderator', (e) => {
    const { media, by } = e.detail;
    mutedBy[media] = by;
    if (media === 'video') grid.setTrack(conference.endpointId, 'video', null, true);
    notify('warning', (media === 'audio' ? S.mutedYou : S.stoppedYourVideo)(by));
    refresh();
  });
  conference.addEventListener('kicked', (e) => {
    conference.leave();
    $('meeting').hidden = true;
    $('ended-title').textContent = S.removedYou(e.detail.by);
    notify('error', S.removedYou(e.detail.by));
    onKicked?.(e.detail);
  });

  /** Unmuting what a moderator muted asks the focus first; a refusal keeps it muted. */
  const lift = async (media) => {
    try {
      await conference.liftModeratorMute(media);
      if (mutedBy[media]) notify('ok', ''); // the "muted you" notice no longer holds
      mutedBy[media] = null;
      return true;
    } catch (e) {
      notify('error', S.stillMuted(e?.text || e?.message || e?.condition || 'refused'));
      return false;
    }
  };
  const toggleMic = async () => {
    if (conference.audioMuted && !(await lift('audio'))) return;
    conference.setAudioMuted(!conference.audioMuted);
    refresh();
  };
  const toggleCam = async () => {
    if (conference.videoMuted) {
      if (!(await lift('video'))) return;
      const r = await openLocalMedia({ resolution, wantVideo: true });
      r.audio?.stop();
      if (!r.video) return notify('error', r.errors.video);
      await conference.setVideoTrack(r.video);
    } else await conference.setVideoTrack(null);
    grid.setTrack(conference.endpointId, 'video', conference.tracks.video, true);
    refresh();
  };
  $('btn-mic').onclick = toggleMic;
  $('btn-cam').onclick = toggleCam;
  $('btn-screen').onclick = async () => {
    if (conference.tracks.screen) {
      await conference.setScreen(null);
      grid.removeTrack(conference.endpointId, 'screen');
    } else {
      let track;
      try {
        track = await openScreen();
      } catch (e) {
        return notify('error', describe(e, 'screen'));
      }
      track.addEventListener('ended', async () => {
        await conference.setScreen(null);
        grid.removeTrack(conference.endpointId, 'screen');
        refresh();
      });
      await conference.setScreen(track);
      grid.setTrack(conference.endpointId, 'screen', track, true);
    }
    refresh();
  };
  $('btn-chat').onclick = () => chat.toggle();
  $('btn-people').onclick = () => people.toggle();
  $('btn-hand').onclick = () => {
    conference.setRaisedHand(!conference.raisedHand);
    refresh();
  };
  $('btn-invite').onclick = async () => {
    const link = `${(window.config.publicUrl || location.origin).replace(/\/$/, '')}/${encodeURIComponent(conference.room)}`;
    try {
      await navigator.clipboard.writeText(link);
      notify('ok', t('meeting.inviteCopied', { link }));
    } catch {
      notify('ok', t('meeting.invite', { link }));
    }
  };
  roomPasswordControl(conference);
  $('btn-leave').onclick = async () => {
    $('btn-leave').disabled = true;
    await conference.leave();
    $('meeting').hidden = true;
    onLeave();
  };
  document.addEventListener('keydown', (e) => {
    if ($('meeting').hidden || e.ctrlKey || e.metaKey || e.altKey) return;
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName)) return;
    if (e.key === 'm') toggleMic();
    else if (e.key === 'v') toggleCam();
    else if (e.key === 'c') chat.toggle();
  });
  return { grid, chat, people, refresh };
}
