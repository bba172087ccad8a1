import { Badge } from "@/components/ui/card";
import type { ExpiryStatus } from "@/lib/x509/certificate";

export function CertificateBadge({ status }: { status: ExpiryStatus | null }) {
  if (!status) return <Badge>None</Badge>;
  switch (status.state) {
    case "expired":
      return <Badge tone="red">Expired</Badge>;
    case "expiring":
      return <Badge tone="amber">Expires in {status.daysLeft} days</Badge>;
    case "not-yet-valid":
      return <Badge tone="amber">Not valid yet</Badge>;
    default:
      return <Badge tone="green">Valid</Badge>;
  }
}
