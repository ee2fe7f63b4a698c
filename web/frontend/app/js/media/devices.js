// Cameras and microphones: getUserMedia with the chosen devices, the device lists, screen capture,
// and failures turned into messages a person can act on.
import { t } from '../i18n.js';

/** Opens the microphone and the camera (either may be refused alone). */
export async function openLocalMedia({ audioDeviceId, videoDeviceId, resolution = 720, wantVideo = true } = {}) {
  const audio = audioDeviceId ? { deviceId: { exact: audioDeviceId } } : true;
  const video = {
    height: { ideal: resolution },
    width: { ideal: Math.round((resolution * 16) / 9) },
    frameRate: { ideal: 30 },
    ...(videoDeviceId ? { deviceId: { exact: videoDeviceId } } : {}),
  };
  const result = { audio: null, video: null, errors: {} };
  try {
    const s = await navigator.mediaDevices.getUserMedia({ audio });
    result.audio = s.getAudioTracks()[0] || null;
  } catch (e) {
    result.errors.audio = describe(e, 'microphone');
  }
  if (wantVideo) {
    try {
      const s = await navigator.mediaDevices.getUserMedia({ video });
      result.video = s.getVideoTracks()[0] || null;
      if (result.video) result.video.contentHint = 'motion';
    } catch (e) {
      result.errors.video = describe(e, 'camera');
    }
  }
  return result;
}

/** The screen (or window, or tab) the user picks. */
export async function openScreen() {
  const s = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
  const track = s.getVideoTracks()[0];
  track.contentHint = 'detail';
  return track;
}

/** {audioinput: [...], videoinput: [...]} with labels (known once permission was given). */
export async function listDevices() {
  const all = await navigator.mediaDevices.enumerateDevices();
  const out = { audioinput: [], videoinput: [] };
  for (const d of all) {
    if (out[d.kind]) out[d.kind].push({ id: d.deviceId, label: d.label || t(d.kind === 'videoinput' ? 'device.camera' : 'device.microphone', { n: out[d.kind].length + 1 }) });
  }
  return out;
}

/** What went wrong opening a device, for the user; what is 'microphone', 'camera' or 'screen'. */
export function describe(error, what) {
  switch (error && error.name) {
    case 'NotFoundError':
    case 'OverconstrainedError':
      return t(`device.notFound.${what}`);
    case 'NotAllowedError':
    case 'SecurityError':
      return t(`device.notAllowed.${what}`);
    case 'NotReadableError':
    case 'AbortError':
      return t(`device.inUse.${what}`);
    default:
      return t(`device.failed.${what}`, { detail: error && error.message ? ': ' + error.message : '' });
  }
}
