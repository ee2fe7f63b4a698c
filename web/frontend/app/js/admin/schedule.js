// Pure helpers of the organizer page (node-tested in test/organizer.test.mjs): the schedule API's
// body from the form, and the form's values from a scheduled meeting.

/** Addresses typed one per line, or separated by commas, semicolons or spaces. */
export function invitees(text) {
  return [...new Set((text || '').split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
}

/** A datetime-local value (the browser's time zone) as an ISO instant, or '' when empty. */
export function instant(local) {
  if (!local) return '';
  const t = new Date(local);
  return Number.isNaN(t.getTime()) ? '' : t.toISOString();
}

/** A datetime-local value for an ISO instant, in the browser's time zone. */
export function localInput(iso) {
  const t = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** The body of POST /api/schedule or PUT /api/schedule/{id}. */
export function plan({ room, title, begin, end, invitees: list }) {
  return {
    room: (room || '').trim().toLowerCase(),
    title: (title || '').trim(),
    begin: instant(begin),
    end: instant(end),
    invitees: invitees(list),
  };
}
