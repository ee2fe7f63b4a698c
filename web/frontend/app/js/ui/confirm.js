// A yes/no question before something that cannot be undone (removing someone, ending the meeting).
// Native <dialog> with a method=dialog form: its buttons close it with their value (Escape with
// none), focus moves in and returns.

/** Asks; resolves true when confirmed, false when cancelled. */
export function confirmDialog({ title, text, confirm }) {
  const dialog = document.getElementById('confirm-dialog');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = confirm;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
    dialog.showModal();
    document.getElementById('confirm-cancel').focus();
  });
}
