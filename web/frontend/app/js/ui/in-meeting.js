// The in-meeting features on screen (issue 16): reactions, polls, speaker stats, and for moderators
// "End meeting for all" (after a confirmation); everyone sees why the meeting ended. Notices for a
// moderator lowering our hand and for refused messages (a bad poll).
import { reactionsUi } from './reactions.js';
import { pollsUi } from './polls.js';
import { speakerStatsUi } from './speaker-stats.js';
import { confirmDialog } from './confirm.js';
import { notify } from './notify.js';
import { S } from './strings.js';

export function showInMeeting(conference, { onEnded, refresh }) {
  const features = conference.features;
  const $ = (id) => document.getElementById(id);
  const nameOf = (id) => (id === conference.endpointId ? conference.displayName : conference.nameOf(id));
  reactionsUi(features, nameOf);
  pollsUi(features, () => conference.endpointId, nameOf);
  speakerStatsUi(features);

  const end = $('btn-end');
  const showEnd = () => (end.hidden = !conference.isModerator);
  showEnd();
  conference.addEventListener('self', showEnd);
  end.onclick = async () => {
    if (!(await confirmDialog({ title: S.endTitle, text: S.endText, confirm: S.endConfirm }))) return;
    try {
      await features.endMeeting();
    } catch (e) {
      notify('error', S.refused(e?.text || e?.message || e?.condition || 'refused'));
    }
  };
  features.addEventListener('refused', (e) => notify('error', S.refused(e.detail.text || e.detail.condition)));
  features.addEventListener('hand-lowered', (e) => {
    notify('warning', S.askedToLower(e.detail.by));
    refresh?.();
  });
  conference.addEventListener('ended', (e) => {
    conference.leave();
    $('meeting').hidden = true;
    $('ended-title').textContent = S.ended;
    const reason = $('ended-reason');
    reason.textContent = S.endedReason(e.detail.reason);
    reason.hidden = false;
    notify('ok', '');
    onEnded?.(e.detail);
  });
}
