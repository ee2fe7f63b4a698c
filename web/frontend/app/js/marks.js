// Milestones of joining a meeting, in page time (performance.now()), first occurrence only:
// where the time between the click on Join and the first remote frame goes. Read by the
// browser tests (window.huddle.marks) to print a breakdown of the join time.
export const marks = {};

export function mark(name) {
  if (!(name in marks)) marks[name] = performance.now();
}
