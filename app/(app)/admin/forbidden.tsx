import { AdminOnlyNotice } from "@/components/admin/admin-only";

// What requirePageAdmin() renders for a non-admin, inside the signed-in shell, with HTTP 403.
export default function AdminForbidden() {
  return <AdminOnlyNotice />;
}
