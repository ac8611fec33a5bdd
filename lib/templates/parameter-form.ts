import { checkParameterValue, type TemplateParameterView } from "./schemas";

/** The values a parameter form starts with: the workspace's current ones, else the defaults. */
export function initialParameterValues(parameters: TemplateParameterView[], current: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    parameters.map((parameter) => [
      parameter.name,
      current[parameter.name] ?? parameter.default ?? (parameter.type === "bool" ? "false" : (parameter.options?.[0]?.value ?? "")),
    ]),
  );
}

/**
 * What is wrong with a value as typed, in the words the server would use (the same check runs
 * there, RE2 for the author's regex), or null. An empty optional value is left out of the request.
 */
export function parameterFieldError(parameter: TemplateParameterView, value: string): string | null {
  if (value === "") return parameter.required ? "required" : null;
  return checkParameterValue(parameter, value);
}

/** The values to send: empty optional ones are left out so that the server applies its default. */
export function parameterValuesToSend(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ""));
}

/** The server's validations on "parameters.<name>", by parameter name. */
export function serverParameterErrors(validations: { field: string; detail: string }[] | undefined): Record<string, string> {
  const prefix = "parameters.";
  return Object.fromEntries((validations ?? []).filter((v) => v.field.startsWith(prefix)).map((v) => [v.field.slice(prefix.length), v.detail]));
}
