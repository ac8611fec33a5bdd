import { ChatList } from "@/components/chat/chat-list";
import { NewChatButton } from "@/components/chat/new-chat-button";
import { PageSection } from "@/components/ui/page-section";

export default function ChatsPage() {
  return (
    <PageSection title="Chats" description="Ask the assistant for a development workspace and watch it being built.">
      <NewChatButton />
      <ChatList />
    </PageSection>
  );
}
