import { PageSection } from "@/components/ui/page-section";

export default function ChatsPage() {
  return <PageSection title="Chats" description="You have no chats yet.">{null}</PageSection>;
}
