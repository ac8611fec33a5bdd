"use client";

import { useRef, type KeyboardEvent, type ReactNode } from "react";

export type TabSpec<T extends string> = { id: T; label: string; panel: ReactNode };

/**
 * WAI-ARIA tabs: a tablist of buttons with arrow-key, Home and End navigation, one panel shown.
 * Only the selected panel is rendered (the terminal's JavaScript loads when its tab opens).
 */
export function WorkspaceTabs<T extends string>({ tabs, selected, onSelect }: { tabs: TabSpec<T>[]; selected: T; onSelect: (id: T) => void }) {
  const buttons = useRef(new Map<T, HTMLButtonElement>());
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((tab) => tab.id === selected);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length]!;
    onSelect(tab.id);
    buttons.current.get(tab.id)?.focus();
  };
  const current = tabs.find((tab) => tab.id === selected) ?? tabs[0]!;
  return (
    <div className="flex flex-col gap-4">
      <div role="tablist" aria-label="Workspace" onKeyDown={onKeyDown} className="flex gap-1 border-b border-stone-200 dark:border-stone-800">
        {tabs.map((tab) => (
          <button
            key={tab.id}
            ref={(element) => {
              if (element) buttons.current.set(tab.id, element);
            }}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={tab.id === current.id}
            aria-controls={`panel-${tab.id}`}
            tabIndex={tab.id === current.id ? 0 : -1}
            onClick={() => onSelect(tab.id)}
            className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${tab.id === current.id ? "border-orange-700 font-medium" : "border-transparent text-stone-600 dark:text-stone-400"}`}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`}>
        {current.panel}
      </div>
    </div>
  );
}
