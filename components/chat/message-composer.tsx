"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FIELD_CONTROL_CLASS } from "@/components/ui/field-styles";
import { interruptTurn, sendMessage } from "@/lib/chat/queries";

/** The message box: Enter sends, Shift+Enter breaks the line; Stop ends the assistant's turn. */
export function MessageComposer({ chatId, isRunning }: { chatId: string; isRunning: boolean }) {
  const id = useId();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [content, setContent] = useState("");
  const send = useMutation(sendMessage(chatId));
  const interrupt = useMutation(interruptTurn(chatId));
  // Disabling the box while the turn runs takes the focus away from it; it is given back when
  // the turn ends, unless the user has moved on to something else meanwhile.
  const shouldRefocus = useRef(false);

  useEffect(() => {
    if (isRunning || !shouldRefocus.current) return;
    shouldRefocus.current = false;
    const active = document.activeElement;
    if (!active || active === document.body) textareaRef.current?.focus();
  }, [isRunning]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = content.trim();
    if (!text || isRunning || send.isPending) return;
    send.mutate(text, {
      onSuccess: () => {
        setContent("");
        shouldRefocus.current = true;
        textareaRef.current?.focus();
      },
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter while an input method composes a character belongs to the input method.
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  };

  const error = send.error ?? interrupt.error;
  return (
    <form onSubmit={submit} className="flex flex-col gap-2 border-t border-stone-200 pt-4 dark:border-stone-800">
      <label htmlFor={id} className="text-sm font-medium">
        Message
      </label>
      <textarea
        id={id}
        ref={textareaRef}
        value={content}
        onChange={(event) => setContent(event.target.value)}
        onKeyDown={onKeyDown}
        disabled={isRunning}
        rows={3}
        aria-describedby={`${id}-hint`}
        placeholder={isRunning ? "The assistant is working…" : "Ask for a workspace…"}
        className={`resize-y ${FIELD_CONTROL_CLASS} disabled:cursor-not-allowed disabled:bg-stone-100 dark:disabled:bg-stone-800`}
      />
      <div className="flex flex-wrap items-center gap-2">
        <p id={`${id}-hint`} className="text-xs text-stone-600 dark:text-stone-400">
          {isRunning ? "The assistant is answering; stop it to write again." : "Enter sends, Shift+Enter starts a new line."}
        </p>
        <div className="ml-auto flex gap-2">
          {isRunning ? (
            <Button type="button" variant="danger" disabled={interrupt.isPending} onClick={() => interrupt.mutate()}>
              Stop
            </Button>
          ) : null}
          <Button type="submit" disabled={isRunning || send.isPending}>
            Send
          </Button>
        </div>
      </div>
      {error ? <Alert>{error.message}</Alert> : null}
    </form>
  );
}
