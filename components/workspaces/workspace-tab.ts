// Shared by the page (a server component, which reads ?tab=) and the client detail view.
export const WORKSPACE_TABS = ["overview", "terminal", "files"] as const;
export type WorkspaceTab = (typeof WORKSPACE_TABS)[number];
