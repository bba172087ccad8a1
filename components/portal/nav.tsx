import { SectionNav } from "@/components/ui/section-nav";

const SECTIONS = [
  { href: "/dashboard", label: "Overview" },
  { href: "/identity-providers", label: "Identity providers" },
  { href: "/users", label: "Users" },
  { href: "/groups", label: "Groups" },
  { href: "/attributes", label: "Custom attributes" },
  { href: "/logs", label: "Provisioning log" },
  { href: "/audit", label: "Audit log" },
  { href: "/settings/profile", label: "Profile settings" },
  { href: "/settings/team", label: "Administrators" },
  { href: "/settings/guard", label: "Deprovisioning guard" },
  { href: "/settings/roles", label: "Roles" },
];

export function PortalNav() {
  return <SectionNav label="Main" sections={SECTIONS} />;
}
