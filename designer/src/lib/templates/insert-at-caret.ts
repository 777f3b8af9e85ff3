/** Inserting a merge tag into a text field where the caret is (or at the end). */
export function insertAtCaret(field: HTMLInputElement | HTMLTextAreaElement, text: string): string {
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? start;
  const value = `${field.value.slice(0, start)}${text}${field.value.slice(end)}`;
  queueMicrotask(() => {
    field.focus();
    field.setSelectionRange(start + text.length, start + text.length);
  });
  return value;
}
