"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/select-field";
import { TextField } from "@/components/ui/text-field";
import { ApiError } from "@/lib/api/client";
import { chatSettings, updateChatSettings } from "@/lib/chat-settings/queries";

const UNIT_MS = { minutes: 60_000, hours: 3_600_000 } as const;
type Unit = keyof typeof UNIT_MS;
const UNITS = [
  { value: "minutes", label: "minutes" },
  { value: "hours", label: "hours" },
] as const satisfies readonly { value: Unit; label: string }[];

/** Whole hours read as hours, anything else (0 included) as minutes. */
function toFormValue(ms: number): { amount: string; unit: Unit } {
  if (ms > 0 && ms % UNIT_MS.hours === 0) return { amount: String(ms / UNIT_MS.hours), unit: "hours" };
  return { amount: String(ms / UNIT_MS.minutes), unit: "minutes" };
}

function describe(ms: number): string {
  if (ms === 0) return "Chat workspaces use their template's default lifetime.";
  const { amount, unit } = toFormValue(ms);
  return `Chat workspaces now live for ${amount} ${amount === "1" ? unit.slice(0, -1) : unit}.`;
}

/** The admin's chat workspace lifetime, in minutes or hours; the API checks the range. */
export function ChatSettingsForm() {
  const { data, error, isPending } = useQuery(chatSettings());
  if (isPending) return <p className="text-sm text-stone-600 dark:text-stone-400">Loading settings…</p>;
  if (error) return <Alert>{error.message}</Alert>;
  return <TtlForm initialMs={data.workspaceTtlMs} initialQuota={data.workspacesPerUser} />;
}

function TtlForm({ initialMs, initialQuota }: { initialMs: number; initialQuota: number }) {
  const mutation = useMutation(updateChatSettings(useQueryClient()));
  const [{ amount, unit }, setValue] = useState(() => toFormValue(initialMs));
  const [quota, setQuota] = useState(String(initialQuota));
  const [localError, setLocalError] = useState<string | undefined>();
  const [quotaError, setQuotaError] = useState<string | undefined>();

  const edit = (next: Partial<{ amount: string; unit: Unit }>) => {
    setValue((current) => ({ ...current, ...next }));
    setLocalError(undefined);
    mutation.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Number("") is 0, which would silently mean "template default"; an empty field is a mistake.
    const value = amount.trim() === "" ? Number.NaN : Number(amount);
    const perUser = quota.trim() === "" ? Number.NaN : Number(quota);
    if (!Number.isFinite(value)) setLocalError("Enter a number (0 = template default).");
    if (!Number.isInteger(perUser)) setQuotaError("Enter a whole number (0 = unlimited).");
    if (!Number.isFinite(value) || !Number.isInteger(perUser)) return;
    mutation.mutate({ workspaceTtlMs: Math.round(value * UNIT_MS[unit]), workspacesPerUser: perUser });
  };

  const apiError = mutation.error instanceof ApiError ? mutation.error : undefined;
  const fieldError = localError ?? apiError?.fieldError("workspaceTtlMs");
  const quotaFieldError = quotaError ?? apiError?.fieldError("workspacesPerUser");
  const formError = mutation.error && !fieldError && !quotaFieldError ? mutation.error.message : undefined;

  return (
    <form onSubmit={submit} noValidate aria-label="Chat settings" className="flex max-w-md flex-col gap-4">
      <div className="flex items-start gap-3">
        <div className="flex-1">
          <TextField
            label="Chat workspace lifetime"
            hint="0 = template default. Otherwise 1 minute to 30 days; chat workspaces stop after this long."
            type="number"
            inputMode="decimal"
            min={0}
            step="any"
            value={amount}
            error={fieldError}
            onChange={(e) => edit({ amount: e.target.value })}
          />
        </div>
        <SelectField label="Unit" options={UNITS} value={unit} onChange={(e) => edit({ unit: e.target.value as Unit })} />
      </div>
      <TextField
        label="Workspaces per user"
        hint="0 = unlimited. Counts each user's workspaces that are not deleted, from chats and pages alike."
        type="number"
        inputMode="numeric"
        min={0}
        step={1}
        value={quota}
        error={quotaFieldError}
        onChange={(e) => {
          setQuota(e.target.value);
          setQuotaError(undefined);
          mutation.reset();
        }}
      />
      {formError ? <Alert>{formError}</Alert> : null}
      {mutation.isSuccess ? (
        <p role="status" className="text-sm text-green-700 dark:text-green-400">
          Saved. {describe(mutation.data.workspaceTtlMs)}
        </p>
      ) : null}
      <div>
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}
