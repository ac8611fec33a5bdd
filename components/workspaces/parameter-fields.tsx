"use client";

import { SelectField } from "@/components/ui/select-field";
import { Switch } from "@/components/ui/switch";
import { TextField } from "@/components/ui/text-field";
import { parameterFieldError } from "@/lib/templates/parameter-form";
import type { TemplateParameterView } from "@/lib/templates/schemas";

/**
 * The form a template's parameters make: options as a select, bools as a switch, numbers with
 * their bounds, strings checked as they are typed (the author's regex through RE2, as on the
 * server). A field shows its own error once touched, or the server's answer for it after a submit.
 */
export function ParameterFields({
  parameters,
  values,
  onChange,
  touched,
  serverErrors = {},
  isLocked = () => false,
  disabled = false,
}: {
  parameters: TemplateParameterView[];
  values: Record<string, string>;
  onChange: (name: string, value: string) => void;
  /** Names whose errors are shown (typed into, or every one after a submit attempt). */
  touched: ReadonlySet<string>;
  serverErrors?: Record<string, string>;
  /** Parameters that cannot change here (immutable ones of an existing workspace). */
  isLocked?: (parameter: TemplateParameterView) => boolean;
  disabled?: boolean;
}) {
  if (parameters.length === 0) return <p className="text-sm text-stone-600 dark:text-stone-400">This template has no parameters.</p>;
  return (
    <div className="flex flex-col gap-4" data-testid="parameter-fields">
      {parameters.map((parameter) => {
        const value = values[parameter.name] ?? "";
        const label = `${parameter.displayName || parameter.name}${parameter.required ? " (required)" : ""}`;
        const ownError = touched.has(parameter.name) ? parameterFieldError(parameter, value) : null;
        const error = serverErrors[parameter.name] ?? ownError ?? undefined;
        const locked = disabled || isLocked(parameter);
        const hint = [parameter.description, isLocked(parameter) ? "Cannot be changed once the workspace exists." : null].filter(Boolean).join(" ") || undefined;
        if (parameter.type === "bool" && !parameter.options) {
          return (
            <div key={parameter.name} className="flex flex-col gap-1">
              <div className="flex items-center gap-3">
                <Switch label={label} checked={value === "true"} disabled={locked} onCheckedChange={(checked) => onChange(parameter.name, String(checked))} />
                <span className="text-sm font-medium" aria-hidden="true">
                  {label}
                </span>
              </div>
              {hint ? <p className="text-xs text-stone-600 dark:text-stone-400">{hint}</p> : null}
              {error ? <p className="text-sm text-red-700 dark:text-red-400">{error}</p> : null}
            </div>
          );
        }
        if (parameter.options) {
          return (
            <SelectField
              key={parameter.name}
              name={parameter.name}
              label={label}
              value={value}
              disabled={locked}
              error={error}
              options={parameter.options.map((option) => ({ value: option.value, label: option.name }))}
              onChange={(event) => onChange(parameter.name, event.target.value)}
            />
          );
        }
        return (
          <TextField
            key={parameter.name}
            name={parameter.name}
            label={label}
            hint={hint}
            error={error}
            value={value}
            disabled={locked}
            required={parameter.required}
            type={parameter.type === "number" ? "number" : "text"}
            min={parameter.type === "number" ? parameter.validation?.min : undefined}
            max={parameter.type === "number" ? parameter.validation?.max : undefined}
            step={parameter.type === "number" ? "any" : undefined}
            onChange={(event) => onChange(parameter.name, event.target.value)}
          />
        );
      })}
    </div>
  );
}
