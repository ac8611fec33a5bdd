/**
 * The look of every text input, select and textarea: one place to change it. The focus ring is on
 * :focus, not :focus-visible: a date-time field's focus is inside its own parts, where Chromium
 * does not count the field itself as focus-visible, and a text field shows its focus anyway.
 */
export const FIELD_CONTROL_CLASS =
  "rounded-md border border-stone-300 bg-white px-3 py-2 text-sm focus:outline-2 focus:outline-orange-500 dark:border-stone-700 dark:bg-stone-900";

/** A field's label above its control. */
export const FIELD_LABEL_CLASS = "text-sm font-medium";
