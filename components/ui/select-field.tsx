import { useId, type SelectHTMLAttributes } from "react";
import { FIELD_CONTROL_CLASS, FIELD_LABEL_CLASS } from "./field-styles";

/** A labelled native select over a fixed list of options. */
export function SelectField<T extends string>({
  label,
  options,
  ...props
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, "children"> & {
  label: string;
  options: readonly { value: T; label: string }[];
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className={FIELD_LABEL_CLASS}>
        {label}
      </label>
      <select
        id={id}
        className={FIELD_CONTROL_CLASS}
        {...props}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
