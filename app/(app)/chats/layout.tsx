import type { ReactNode } from "react";
import { ChatSidebar } from "@/components/chat/chat-sidebar";

/** Chat pages: the user's chats beside the page. */
export default function ChatsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="grid items-start gap-6 md:grid-cols-[15rem_minmax(0,1fr)]">
      <ChatSidebar />
      <div className="min-w-0">{children}</div>
    </div>
  );
}
