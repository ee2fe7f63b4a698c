// The pre-join screen: your name, a camera and microphone preview, device pickers, and the choice
// to join muted or without video. Resolves with what the meeting needs once Join is pressed.
import { openLocalMedia, listDevices } from '../media/devices.js';
import { setText } from '../i18n.js';

const NAME_KEY = 'huddle.displayName';
/** The e-mail our presence carries (lib-jitsi-meet's setEmail), kept like the name. */
export const EMAIL_KEY = 'huddle.email';

export async function prejoin(room, config) {
  const $ = (id) => document.getElementById(id);
  $('prejoin-room').textContent = room;
  $('prejoin').hidden = false;
  const nameInput = $('display-name');
  nameInput.value = localStorage.getItem(NAME_KEY) || '';
  const emailInput = $('email');
  emailInput.value = localStorage.getItem(EMAIL_KEY) || '';
  const state = { audio: null, video: null, audioMuted: false, videoOff: false };

  const showErrors = (errors) => {
    const text = [errors.video, errors.audio].filter(Boolean).join(' ');
    $('device-error').textContent = text;
    $('device-error').hidden = !text;
  };
  const preview = () => {
    $('preview').srcObject = state.video ? new MediaStream([state.video]) : null;
    $('preview-off').hidden = !!state.video;
  };
  const open = async (audioDeviceId, videoDeviceId) => {
    const r = await openLocalMedia({ audioDeviceId, videoDeviceId, resolution: config.resolution, wantVideo: !state.videoOff });
    state.audio?.stop();
    state.video?.stop();
    state.audio = r.audio;
    state.video = r.video;
    showErrors(r.errors);
    preview();
  };
  const fillSelect = (select, list, current) => {
    select.replaceChildren(
      ...list.map((d) => {
        const o = document.createElement('option');
        o.value = d.id;
        o.textContent = d.label;
        o.selected = d.id === current;
        return o;
      }),
    );
    select.disabled = !list.length;
  };
  const refreshDevices = async () => {
    const d = await listDevices();
    fillSelect($('camera-select'), d.videoinput, state.video?.getSettings().deviceId);
    fillSelect($('mic-select'), d.audioinput, state.audio?.getSettings().deviceId);
  };

  await open();
  await refreshDevices();
  $('camera-select').onchange = () => open($('mic-select').value, $('camera-select').value);
  $('mic-select').onchange = () => open($('mic-select').value, $('camera-select').value);
  $('prejoin-mic').onclick = (e) => {
    state.audioMuted = !state.audioMuted;
    e.target.setAttribute('aria-pressed', String(state.audioMuted));
    setText(e.target, state.audioMuted ? 'prejoin.unmuteMic' : 'prejoin.muteMic');
  };
  $('prejoin-cam').onclick = async (e) => {
    state.videoOff = !state.videoOff;
    e.target.setAttribute('aria-pressed', String(state.videoOff));
    setText(e.target, state.videoOff ? 'prejoin.cameraTurnOn' : 'prejoin.cameraTurnOff');
    if (state.videoOff) {
      state.video?.stop();
      state.video = null;
      preview();
    } else await open($('mic-select').value, $('camera-select').value);
  };
  nameInput.focus();

  return new Promise((resolve) => {
    $('prejoin-form').onsubmit = (e) => {
      e.preventDefault();
      const displayName = nameInput.value.trim();
      localStorage.setItem(NAME_KEY, displayName);
      const email = emailInput.validity.valid ? emailInput.value.trim() : '';
      localStorage.setItem(EMAIL_KEY, email);
      $('prejoin').hidden = true;
      resolve({
        displayName,
        email,
        tracks: { audio: state.audio, video: state.videoOff ? null : state.video },
        audioMuted: state.audioMuted || !state.audio,
        videoDeviceId: $('camera-select').value,
        audioDeviceId: $('mic-select').value,
        clickedAt: performance.now(),
      });
    };
  });
}
