// The owner's room password control: set, change or remove it. The password is never shown, only
// whether the room has one (its disco#info); a private room keeps one, so it offers no removal.
import { t } from '../i18n.js';

const $ = (id) => document.getElementById(id);

/** Shows the toolbar button to owners only, now and whenever our affiliation changes. */
export function roomPasswordControl(conference) {
  const button = $('btn-password');
  const show = () => {
    button.hidden = !conference.isOwner;
  };
  conference.addEventListener('self', show);
  show();
  button.onclick = () => manage(conference);
}

/** Opens the dialog; it stays open until closed, saying what changed or why not. */
async function manage(conference) {
  const dialog = $('room-password-dialog');
  const input = $('room-password-input');
  const error = $('room-password-error');
  const remove = $('room-password-remove');
  const state = $('room-password-state');
  let last = '';
  /** Says whether the room has a password now, after what was done last. */
  const show = async (done = last) => {
    last = done;
    let locked = null;
    try {
      locked = await conference.roomHasPassword();
    } catch {
      // Unknown: say only what was done; the form still works.
    }
    const now = locked === null ? '' : locked ? t('roomPassword.locked') : t('roomPassword.open');
    state.textContent = `${done} ${now}`.trim();
    remove.hidden = !locked || conference.isPrivate;
  };
  const attempt = async (action, done) => {
    error.hidden = true;
    try {
      await action();
      input.value = '';
      await show(done);
    } catch (e) {
      error.textContent = t('refusedWhat', { what: e?.text || e?.message || e?.condition || t('refused') });
      error.hidden = false;
    }
  };
  input.value = '';
  error.hidden = true;
  $('room-password-form').onsubmit = (e) => {
    e.preventDefault();
    attempt(() => conference.setRoomPassword(input.value), t('roomPassword.set'));
  };
  remove.onclick = () => attempt(() => conference.removeRoomPassword(), t('roomPassword.removed'));
  $('room-password-close').onclick = () => dialog.close();
  const refresh = () => dialog.open && show();
  conference.addEventListener('room-config', refresh);
  dialog.addEventListener('close', () => conference.removeEventListener('room-config', refresh), { once: true });
  dialog.showModal();
  input.focus();
  await show();
}
