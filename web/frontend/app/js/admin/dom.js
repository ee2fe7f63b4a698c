// What the admin and organizer pages share to draw: table cells and the error line.

/** Appends a cell with `text` (as text, never HTML) to a table row and returns it. */
export function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : String(text);
  row.append(td);
  return td;
}

/** A function that shows an error (or, given null, hides it) in the element `id`. */
export function errorLine(id) {
  return (e) => {
    const el = document.getElementById(id);
    el.textContent = e ? String(e.message || e) : '';
    el.hidden = !e;
  };
}
