import { AppError, type Validation } from "@/lib/errors";
import { checkParameterValue, type ParameterRule } from "./schemas";

/** The parts of a template parameter that decide its value (spec parameter or API view). */
export type ResolvableParameter = ParameterRule & {
  name: string;
  default?: string;
  required: boolean;
  mutable: boolean;
};

/** A build's parameter value, as stored on the build and passed to its scripts. */
export type ParameterValue = { name: string; value: string };

export type ResolveParameterValuesOptions = {
  parameters: ResolvableParameter[];
  /** Values given for this build, by parameter name. */
  values: Record<string, string>;
  /** The workspace's values from its previous build; absent for a new workspace. */
  previous?: Record<string, string>;
  /** False for stop and delete builds. Default true. */
  isStart?: boolean;
};

// Own properties only: a name like "constructor" must not find Object.prototype members.
function own(record: Record<string, string> | undefined, name: string): string | undefined {
  return record && Object.hasOwn(record, name) ? record[name] : undefined;
}

/**
 * The values of a build, one per parameter in template order: the given value, else the previous
 * build's, else the default. Throws AppError bad_request "Invalid parameters" listing every
 * problem at once as "parameters.<name>" validations, so a caller (or the model) fixes all of them
 * in one round.
 */
export function resolveParameterValues({
  parameters,
  values,
  previous,
  isStart = true,
}: ResolveParameterValuesOptions): { values: ParameterValue[] } {
  const validations: Validation[] = [];
  const problem = (name: string, detail: string) => validations.push({ field: `parameters.${name}`, detail });

  const known = new Set(parameters.map((parameter) => parameter.name));
  for (const name of Object.keys(values)) {
    if (known.has(name)) continue;
    problem(
      name,
      known.size === 0
        ? "unknown parameter: this template has no parameters"
        : `unknown parameter; this template has: ${[...known].join(", ")}`,
    );
  }

  const resolved: ParameterValue[] = [];
  for (const parameter of parameters) {
    const given = own(values, parameter.name);
    const before = own(previous, parameter.name);

    if (given !== undefined) {
      if (typeof given !== "string") {
        problem(parameter.name, "must be a string");
        continue;
      }
      const invalid = checkParameterValue(parameter, given);
      if (invalid) {
        problem(parameter.name, invalid);
        continue;
      }
      // When the template's rules no longer accept the kept value, even an immutable parameter
      // has to take a new one, or the workspace could never start again.
      const isBeforeValid = before !== undefined && checkParameterValue(parameter, before) === null;
      if (!parameter.mutable && isBeforeValid && given !== before) {
        problem(parameter.name, `cannot be changed once the workspace exists (it is "${before}")`);
        continue;
      }
      resolved.push({ name: parameter.name, value: given });
      continue;
    }

    if (before !== undefined) {
      // Re-check a kept value when starting, since the template may have changed its rules since.
      // Stop and delete builds keep it as it is: they must never be blocked by a template change.
      const invalid = isStart ? checkParameterValue(parameter, before) : null;
      if (invalid) {
        problem(parameter.name, `the previous value "${before}" is no longer valid: ${invalid}`);
        continue;
      }
      resolved.push({ name: parameter.name, value: before });
      continue;
    }

    if (parameter.default !== undefined) {
      resolved.push({ name: parameter.name, value: parameter.default });
      continue;
    }

    // A required parameter added to the template after the last start must not block a stop.
    if (parameter.required && isStart) problem(parameter.name, "required");
  }

  if (validations.length > 0) throw new AppError("bad_request", "Invalid parameters", { validations });
  return { values: resolved };
}
