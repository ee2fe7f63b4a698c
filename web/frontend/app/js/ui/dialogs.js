// The prompts: a private room's password for a joiner, a new one for the owner of a new private
// room, and a host's user name and password where users sign in. Native <dialog>: focus moves in,
// Escape cancels, focus returns.
import { t } from '../i18n.js';

/** Asks for the room password; resolves with it, or null when cancelled. */
export function askPassword(message) {
  const dialog = document.getElementById('password-dialog');
  const input = document.getElementById('password-input');
  document.getElementById('password-text').textContent = message;
  input.value = '';
  return new Promise((resolve) => {
    const form = document.getElementById('password-form');
    const cancel = document.getElementById('password-cancel');
    const done = (value) => {
      form.onsubmit = null;
      cancel.onclick = null;
      dialog.oncancel = null;
      dialog.close();
      resolve(value);
    };
    form.onsubmit = (e) => {
      e.preventDefault();
      done(input.value);
    };
    cancel.onclick = () => done(null);
    dialog.oncancel = () => done(null);
    dialog.showModal();
    input.focus();
  });
}

/** Asks the owner for a new room password until `apply` accepts one. */
export function askNewPassword(apply) {
  const dialog = document.getElementById('set-password-dialog');
  const input = document.getElementById('set-password-input');
  const error = document.getElementById('set-password-error');
  const form = document.getElementById('set-password-form');
  input.value = '';
  error.hidden = true;
  return new Promise((resolve) => {
    dialog.oncancel = (e) => e.preventDefault(); // the room stays closed until a password is set
    form.onsubmit = async (e) => {
      e.preventDefault();
      try {
        await apply(input.value);
        form.onsubmit = null;
        dialog.close();
        resolve(input.value);
      } catch (err) {
        error.textContent = t('setPassword.failed', { error: err?.message || t('refused') });
        error.hidden = false;
      }
    };
    dialog.showModal();
    input.focus();
  });
}

/**
 * Asks for a user name and password until `attempt(username, password)` accepts them (it throws
 * an Error whose message is shown). Resolves true once signed in, false when cancelled.
 */
export function askSignIn(message, attempt) {
  const dialog = document.getElementById('signin-dialog');
  const form = document.getElementById('signin-form');
  const user = document.getElementById('signin-user');
  const password = document.getElementById('signin-password');
  const error = document.getElementById('signin-error');
  const submit = document.getElementById('signin-submit');
  const cancel = document.getElementById('signin-cancel');
  document.getElementById('signin-text').textContent = message;
  password.value = '';
  error.hidden = true;
  return new Promise((resolve) => {
    const done = (value) => {
      form.onsubmit = null;
      cancel.onclick = null;
      dialog.oncancel = null;
      dialog.close();
      resolve(value);
    };
    form.onsubmit = async (e) => {
      e.preventDefault();
      submit.disabled = true;
      error.hidden = true;
      try {
        await attempt(user.value, password.value);
        done(true);
      } catch (err) {
        error.textContent = err?.message || t('signIn.failed');
        error.hidden = false;
        password.value = '';
        password.focus();
      } finally {
        submit.disabled = false;
      }
    };
    cancel.onclick = () => done(false);
    dialog.oncancel = () => done(false);
    dialog.showModal();
    (user.value ? password : user).focus();
  });
}
