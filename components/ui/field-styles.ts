/** The look of every text input, select and textarea: one place to change it. */
export const FIELD_CONTROL_CLASS =
  "rounded-md border border-stone-300 bg-white px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-orange-500 dark:border-stone-700 dark:bg-stone-900";

/** A field's label above its control. */
export const FIELD_LABEL_CLASS = "text-sm font-medium";
