// The waiting page: a guest whose meeting has no host yet waits here while the conference is asked
// for again in the background, and goes in by itself once the host is there. A host who arrived
// as a guest signs in from here (where hosts sign in with a password).
import { t } from '../i18n.js';

const $ = (id) => document.getElementById(id);
let signInRequested = null;

/** Shows the page (once; later calls only update it). onSignIn runs when "sign in" is chosen. */
export function showWaiting(room, { canSignIn, onSignIn, onLeave }) {
  $('waiting-room').textContent = room;
  const button = $('waiting-signin');
  button.hidden = !canSignIn;
  button.onclick = () => onSignIn();
  $('waiting-leave').onclick = () => onLeave();
  if ($('waiting').hidden) {
    $('waiting').hidden = false;
    document.title = t('waiting.pageTitle', { room });
    (canSignIn ? button : $('waiting-leave')).focus();
  }
}

export function hideWaiting() {
  $('waiting').hidden = true;
}

/** Waits this long, or less when signedIn() is called meanwhile (the next request is a host's). */
export function pause(ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signInRequested = null;
      resolve();
    }
    signInRequested = done;
  });
}

/** Ends the current pause at once. */
export function signedIn() {
  signInRequested?.();
}
