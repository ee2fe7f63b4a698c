// A/V moderation on the meeting screen (docs/wire.md "A/V moderation"). Moderators get, in the
// participants pane, "Ask everyone to unmute first" and "Ask everyone to start video first" (each
// a toggle) and, per participant while a medium is moderated, "Allow to speak" / "Allow video" or
// taking it back; a participant with a raised hand is listed as asking. Everyone else hears when
// moderation starts and stops, when they are allowed or no longer are; while not allowed, the
// microphone (or camera) button says why instead of unmuting (the focus would refuse it anyway).
import { AV } from './strings.js';
import { notify } from './notify.js';
import { MEDIA } from '../xmpp/av-moderation.js';

/**
 * @param conference the Conference (its avModeration client)
 * @param people the ParticipantList, which takes our per-participant controls
 * @param refresh re-renders the toolbar and the participants pane
 */
export function avModerationUi(conference, { people, refresh }) {
  const av = conference.avModeration;
  /** Whether we may unmute `media`: the moderator role suffices, as the component and focus decide. */
  const may = (media) => av.mayUnmute(media, conference.muc.me?.role === 'moderator');
  const actions = document.getElementById('people-actions');
  const toggles = {};
  for (const media of MEDIA) {
    const b = document.createElement('button');
    b.type = 'button';
    b.id = `btn-av-${media}`;
    b.hidden = true;
    b.onclick = () => av.enable(media, !av.state.enabled[media]);
    actions.append(b);
    toggles[media] = b;
  }
  const buttons = { audio: document.getElementById('btn-mic'), video: document.getElementById('btn-cam') };
  const muted = { audio: () => conference.audioMuted, video: () => conference.videoMuted };
  // Unmuting while not allowed: say why, instead of trying (the conference would refuse it too).
  for (const media of MEDIA) {
    buttons[media].addEventListener(
      'click',
      (e) => {
        if (!muted[media]() || may(media)) return;
        e.stopImmediatePropagation();
        notify('warning', AV.notAllowed[media]);
      },
      { capture: true },
    );
  }

  const update = () => {
    for (const media of MEDIA) {
      const on = av.state.enabled[media];
      const t = toggles[media];
      t.hidden = !av.supported;
      t.textContent = on ? AV.release[media] : AV.moderate[media];
      t.setAttribute('aria-pressed', String(on));
      const allowed = may(media);
      buttons[media].title = allowed ? '' : AV.notAllowed[media];
      buttons[media].dataset.avBlocked = String(!allowed);
    }
  };

  // Per participant, for moderators: allow or take back, in each moderated medium.
  people.act.more = (p) => {
    if (!av.supported || p.role === 'moderator') return [];
    const controls = [];
    for (const media of MEDIA) {
      if (!av.state.enabled[media]) continue;
      const allowed = av.state.allows(media, p.id);
      controls.push(
        allowed
          ? [`av-revoke-${media}`, AV.revoke[media], AV.revokeLabel[media], (id) => av.reject(id, media)]
          : [`av-allow-${media}`, AV.allow[media], AV.allowLabel[media], (id) => av.approve(id, media)],
      );
    }
    return controls;
  };

  const changed = () => {
    update();
    refresh();
  };
  av.addEventListener('supported', changed);
  av.addEventListener('changed', (e) => {
    const { media, enabled } = e.detail;
    if (!enabled) notify('ok', AV.off[media]);
    else notify(conference.isModerator ? 'ok' : 'warning', (conference.isModerator ? AV.onForModerators : AV.onForYou)[media]);
    changed();
  });
  av.addEventListener('approved', (e) => {
    notify('ok', AV.allowed[e.detail.media]);
    if (conference.raisedHand) conference.setRaisedHand(false);
    changed();
  });
  av.addEventListener('rejected', (e) => {
    notify('warning', AV.revoked[e.detail.media]);
    changed();
  });
  av.addEventListener('asked', (e) => notify('ok', AV.asked[e.detail.media](conference.nameOf(e.detail.by))));
  av.addEventListener('participant-approved', changed);
  av.addEventListener('participant-rejected', changed);
  // Our role decides whether we may unmute, and whether we see the moderator's controls.
  conference.addEventListener('self', update);
  update();
}
