// Simulcast for the camera the way lib-jitsi-meet sends it to a bridge: SSRC groups in the local
// description (one SIM group of three layers, one FID group per layer), never rid/a=simulcast
// (WIRE.md §8). The browser answers with one SSRC and its RTX partner; we add two more layers and
// their RTX SSRCs before applying the answer, and reuse the same SSRCs at every renegotiation so the
// bridge and the other participants never see them change.
import { parseSdp, writeSdp, ssrcs, ssrcGroups } from './sdp.js';

export const LAYERS = 3;

/** Adds the simulcast layers to the m-line with this mid; `state` keeps the SSRCs made up. */
export function mungeSimulcast(sdp, mid, state) {
  const parsed = parseSdp(sdp);
  const section = parsed.media.find((m) => m.mid === mid);
  if (!section || (section.direction !== 'sendrecv' && section.direction !== 'sendonly')) return sdp;
  if (ssrcGroups(section).some((g) => g.semantics === 'SIM')) return sdp;
  const map = ssrcs(section);
  if (!map.size) return sdp;
  const fid = ssrcGroups(section).find((g) => g.semantics === 'FID');
  const primary = fid ? fid.ssrcs[0] : [...map.keys()][0];
  const rtx = fid ? fid.ssrcs[1] : null;
  const info = map.get(primary);
  const key = `${mid}:${primary}`;
  if (!state[key]) {
    const used = new Set(map.keys());
    const fresh = () => {
      let s;
      do s = 1 + Math.floor(Math.random() * 0xfffffffe);
      while (used.has(s));
      used.add(s);
      return s;
    };
    state[key] = Array.from({ length: LAYERS - 1 }, () => ({ primary: fresh(), rtx: rtx ? fresh() : null }));
  }
  const layers = [{ primary, rtx }, ...state[key]];
  const keep = section.lines.filter((l) => !l.startsWith('a=ssrc:') && !l.startsWith('a=ssrc-group:'));
  const ssrcLines = [];
  const describe = (s) => {
    for (const [k, v] of Object.entries(info)) ssrcLines.push(`a=ssrc:${s} ${k}${v === '' ? '' : ':' + v}`);
  };
  ssrcLines.push(`a=ssrc-group:SIM ${layers.map((l) => l.primary).join(' ')}`);
  for (const l of layers) if (l.rtx) ssrcLines.push(`a=ssrc-group:FID ${l.primary} ${l.rtx}`);
  for (const l of layers) {
    describe(l.primary);
    if (l.rtx) describe(l.rtx);
  }
  section.lines = [...keep, ...ssrcLines];
  return writeSdp(parsed);
}

/**
 * The SDP as we signal it when the camera goes out on one SSRC (VP9/AV1 SVC, or one layer): the
 * m-line with this mid keeps only the first SIM layer, its RTX partner and their FID group. The
 * browser keeps the three layers it was given (a send stream's SSRCs never change), but only the
 * first is active, so the focus and the bridge hear of what is sent and nothing else.
 */
export function firstLayerOnly(sdp, mid) {
  const parsed = parseSdp(sdp);
  const section = parsed.media.find((m) => m.mid === mid);
  if (!section) return sdp;
  const groups = ssrcGroups(section);
  const sim = groups.find((g) => g.semantics === 'SIM');
  if (!sim) return sdp;
  const primary = sim.ssrcs[0];
  const fid = groups.find((g) => g.semantics === 'FID' && g.ssrcs[0] === primary);
  const keep = new Set([primary, ...(fid ? fid.ssrcs : [])]);
  section.lines = section.lines.filter((l) => {
    if (l.startsWith('a=ssrc-group:')) return !!fid && l === `a=ssrc-group:FID ${fid.ssrcs.join(' ')}`;
    if (l.startsWith('a=ssrc:')) return keep.has(Number(l.slice(7, l.indexOf(' '))));
    return true;
  });
  return writeSdp(parsed);
}
