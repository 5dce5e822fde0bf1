import { Forbidden } from "@/components/ui/forbidden";

export default function AdminForbidden() {
  return <Forbidden role="instance admin" what="Only instance admins change the network policy and who may create projects." backHref="/projects" />;
}
