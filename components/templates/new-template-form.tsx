"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { createTemplate } from "@/lib/templates/queries";
import { SpecForm } from "./template-editor";

const STARTER = `name: my-template
display_name: My template
description: What this workspace is for
parameters:
  - name: greeting
    type: string
    default: hello
build:
  - name: prepare
    run: echo "$KILN_PARAM_GREETING"
agents:
  - name: main
    chat: true
`;

/** Write a first spec; once saved, the template's own page takes over (versions, switches). */
export function NewTemplateForm() {
  const router = useRouter();
  const create = useMutation(createTemplate(useQueryClient()));
  return (
    <SpecForm
      initialText={STARTER}
      saveLabel="Create template"
      isSaving={create.isPending}
      error={create.error}
      onSave={(spec) => create.mutate({ spec }, { onSuccess: (template) => router.push(`/admin/templates/${template.id}`) })}
    />
  );
}
