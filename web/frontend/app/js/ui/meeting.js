// The meeting screen: ties the conference's events to the grid, chat and participant list, and
// the toolbar's buttons to the conference. Keyboard: every control is a button in tab order;
// M toggles the microphone, V the camera, C the chat (outside text fields).
import { Grid } from './grid.js';
import { Chat } from './chat.js';
import { ParticipantList } from './participants.js';
import { notify } from './notify.js';
import { roomPasswordControl } from './room-password.js';
import { openLocalMedia, openScreen, describe } from '../media/devices.js';

export function showMeeting(conference, { onLeave, onFirstRemoteFrame, resolution }) {
  const $ = (id) => document.getElementById(id);
  $('meeting').hidden = false;
  $('meeting-room').textContent = conference.room;
  document.title = `${conference.room} · Huddle`;
  const grid = new Grid($('grid'), onFirstRemoteFrame);
  const chat = new Chat((text) => conference.sendChat(text));
  const people = new ParticipantList();
  const self = () => ({
    id: conference.endpointId,
    displayName: conference.displayName,
    audioMuted: conference.audioMuted,
    videoMuted: conference.videoMuted,
    raisedHand: conference.raisedHand,
    screenSharing: !!conference.tracks.screen,
  });
  const refresh = () => {
    grid.update(self(), true);
    people.render(self(), conference.participants.values());
    const mic = $('btn-mic');
    mic.setAttribute('aria-pressed', String(conference.audioMuted));
    mic.textContent = conference.audioMuted ? 'Unmute' : 'Mute';
    const cam = $('btn-cam');
    cam.setAttribute('aria-pressed', String(conference.videoMuted));
    cam.textContent = conference.videoMuted ? 'Start video' : 'Stop video';
    const screen = $('btn-screen');
    screen.setAttribute('aria-pressed', String(!!conference.tracks.screen));
    screen.textContent = conference.tracks.screen ? 'Stop sharing' : 'Share screen';
    const hand = $('btn-hand');
    hand.setAttribute('aria-pressed', String(!!conference.raisedHand));
    hand.textContent = conference.raisedHand ? 'Lower hand' : 'Raise hand';
  };
  grid.setTrack(conference.endpointId, 'video', conference.tracks.video, true);
  refresh();

  conference.addEventListener('participant-joined', (e) => {
    grid.update(e.detail);
    people.render(self(), conference.participants.values());
    notify('ok', `${e.detail.displayName} joined.`);
  });
  conference.addEventListener('participant-changed', (e) => {
    grid.update(e.detail);
    people.render(self(), conference.participants.values());
  });
  conference.addEventListener('participant-left', (e) => {
    grid.remove(e.detail.id);
    people.render(self(), conference.participants.values());
    notify('ok', `${e.detail.displayName} left.`);
  });
  conference.addEventListener('track', (e) => {
    grid.setTrack(e.detail.id, e.detail.kind, e.detail.track);
    const p = conference.participants.get(e.detail.id);
    if (p) grid.update(p);
  });
  conference.addEventListener('track-removed', (e) => grid.removeTrack(e.detail.id, e.detail.kind));
  conference.addEventListener('dominant-speaker', (e) => grid.speaker(e.detail));
  conference.addEventListener('forwarded', (e) => grid.forwarded(new Set(e.detail)));
  conference.addEventListener('chat', (e) => chat.add(e.detail));

  const toggleMic = () => {
    conference.setAudioMuted(!conference.audioMuted);
    refresh();
  };
  const toggleCam = async () => {
    if (conference.videoMuted) {
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
        return notify('error', describe(e, 'screen capture'));
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
    const link = `${(window.config.publicUrl || location.origin).replace(/\/$/, '')}/${conference.room}`;
    try {
      await navigator.clipboard.writeText(link);
      notify('ok', `Invite link copied: ${link}`);
    } catch {
      notify('ok', `Invite link: ${link}`);
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
