// Summarizes bench/join runs: node summary.mjs DIR... (each with join-samples.json and roles.log).
// Every milestone is in ms after the click on Join: the app's own marks (marks.js) and, from the
// roles' log (ISO timestamps, the same clock), the focus's and the bridge's lines about the joining
// endpoint. Prints p50/p90 of each milestone and of each step (from the milestone before it), one
// column pair per run, and the p50 ratio of the last run to the first.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const MILESTONES = [
  ['xmpp-connected', 'XMPP connected (login)'],
  ['ice-servers', 'extdisco answered'],
  ['domain-disco', 'domain disco answered'],
  ['focus-ready', 'conference IQ answered'],
  ['room-joined', 'room joined'],
  ['focus-saw-presence', 'focus: join presence'],
  ['focus-features', 'focus: features known'],
  ['bridge-endpoint', 'bridge: endpoint allocated'],
  ['focus-offered', 'focus: session-initiate sent'],
  ['session-initiate', 'session-initiate received'],
  ['answer-ready', 'answer ready'],
  ['session-accept-sent', 'session-accept sent'],
  ['ice-connected', 'ICE connected (client)'],
  ['bridge-remote', 'bridge: remote transport'],
  ['bridge-writable', 'bridge: ICE pair valid'],
  ['bridge-ice', 'bridge: ICE completed (nominated)'],
  ['dtls-connected', 'DTLS connected (client)'],
  ['bridge-keyed', 'bridge: keyed (DTLS done)'],
  ['first-remote-frame', 'first remote frame'],
];

const ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(?:Z|[+-]\d\d:\d\d))/;

/** Server-side milestones for one endpoint, in epoch ms, from the roles' log lines. */
function serverMarks(lines, id) {
  const out = {};
  for (const line of lines) {
    if (!line.includes(id)) continue;
    const t = ISO.exec(line);
    if (!t) continue;
    const at = Date.parse(t[1]);
    if (line.includes(` ${id} joined (`)) out['focus-saw-presence'] ??= at;
    let m = line.match(new RegExp(` ${id} offered its session \\(features at \\+(\\d+) ms`));
    if (m) {
      out['focus-offered'] ??= at;
      out['focus-features'] ??= (out['focus-saw-presence'] ?? at) + Number(m[1]);
    }
    if (line.includes(`endpoint ${id} created`)) out['bridge-endpoint'] ??= at;
    m = line.match(new RegExp(`endpoint ${id} connected \\(remote transport at (\\S+),(?: ICE writable at (\\S+),)? ICE connected at (\\S+), keyed at (\\d+)`));
    if (m) {
      const created = out['bridge-endpoint'];
      if (created !== undefined) {
        if (m[1] !== '-') out['bridge-remote'] = created + Number(m[1]);
        if (m[2] !== undefined && m[2] !== '-') out['bridge-writable'] = created + Number(m[2]);
        if (m[3] !== '-') out['bridge-ice'] = created + Number(m[3]);
        out['bridge-keyed'] = created + Number(m[4]);
      }
    }
  }
  return out;
}

function load(dir) {
  const all = JSON.parse(readFileSync(`${dir}/join-samples.json`, 'utf8'));
  const samples = all.filter((s) => !s.failed);
  for (const s of all.filter((x) => x.failed)) console.log(`${basename(dir)}: join of ${s.endpointId} failed: ${s.failed}`);
  const lines = readFileSync(`${dir}/roles.log`, 'utf8').split('\n');
  return samples.map((s) => {
    const server = serverMarks(lines, s.endpointId);
    const at = { ...s.marks };
    for (const [k, v] of Object.entries(server)) at[k] = v - s.clickEpochMs;
    return at;
  });
}

function pct(values, p) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)];
}

const fmt = (x) => (Number.isFinite(x) ? String(Math.round(x)) : '–');
const runs = process.argv.slice(2).map((d) => ({ label: basename(d), joins: load(d) }));
if (runs.length === 0) {
  console.error('usage: node summary.mjs DIR...');
  process.exit(2);
}
const header = ['milestone (ms after the click)', ...runs.flatMap((r) => [`${r.label} p50 at`, 'p90 at', 'step p50', 'step p90'])];
if (runs.length > 1) header.push(`p50 at ${runs.at(-1).label}/${runs[0].label}`);
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
for (const [key, name] of MILESTONES) {
  const row = [name];
  const p50s = [];
  for (const r of runs) {
    const present = MILESTONES.map(([k]) => k).filter((k) => r.joins.some((j) => Number.isFinite(j[k])));
    const prev = present[present.indexOf(key) - 1];
    const at = r.joins.map((j) => j[key]);
    const step = r.joins.map((j) => (prev === undefined ? j[key] : j[key] - j[prev]));
    row.push(fmt(pct(at, 50)), fmt(pct(at, 90)), fmt(pct(step, 50)), fmt(pct(step, 90)));
    p50s.push(pct(at, 50));
  }
  if (runs.length > 1) row.push(Number.isFinite(p50s[0]) && Number.isFinite(p50s.at(-1)) ? (p50s.at(-1) / p50s[0]).toFixed(2) : '–');
  console.log(`| ${row.join(' | ')} |`);
}
for (const r of runs) {
  const lag = r.joins.map((j) => j['bridge-ice'] - j['ice-connected']);
  const totals = r.joins.map((j) => j['first-remote-frame']);
  console.log(`${r.label}: ${r.joins.length} joins, click → first remote frame ${totals.map(fmt).join(', ')} ms; p50 ${fmt(pct(totals, 50))}, p90 ${fmt(pct(totals, 90))}; bridge ICE after the client's: p50 ${fmt(pct(lag, 50))}, p90 ${fmt(pct(lag, 90))} ms`);
}
