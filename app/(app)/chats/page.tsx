export default function ChatsPage() {
  return (
    <section aria-labelledby="chats-heading">
      <h1 id="chats-heading" className="text-lg font-semibold">
        Chats
      </h1>
      <p className="mt-2 text-sm text-stone-600 dark:text-stone-400">You have no chats yet.</p>
    </section>
  );
}
