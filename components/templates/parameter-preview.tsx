"use client";

import { useState } from "react";
import { ParameterFields } from "@/components/workspaces/parameter-fields";
import { initialParameterValues } from "@/lib/templates/parameter-form";
import type { TemplateParameterView } from "@/lib/templates/schemas";

/** The parameters of a spec as the new-workspace form will show them; try values in it. */
export function ParameterPreview({ parameters }: { parameters: TemplateParameterView[] | null }) {
  return (
    <section aria-labelledby="preview-heading" className="flex flex-col gap-3 rounded-lg border border-stone-200 p-4 dark:border-stone-800">
      <h2 id="preview-heading" className="font-medium">
        Form preview
      </h2>
      {parameters ? (
        <PreviewFields key={JSON.stringify(parameters)} parameters={parameters} />
      ) : (
        <p className="text-sm text-stone-600 dark:text-stone-400">Shown once the spec is valid.</p>
      )}
    </section>
  );
}

function PreviewFields({ parameters }: { parameters: TemplateParameterView[] }) {
  const [values, setValues] = useState(() => initialParameterValues(parameters));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  return (
    <ParameterFields
      parameters={parameters}
      values={values}
      touched={touched}
      onChange={(name, value) => {
        setValues((current) => ({ ...current, [name]: value }));
        setTouched((current) => new Set(current).add(name));
      }}
    />
  );
}
