"use client";

import { ConfirmButton } from "@/components/ui/confirm-button";
import { deleteCompanyAction } from "../actions";

/** The owner's last resort: deletes the company once its name is typed (the server checks it too). */
export function DeleteCompanyButton({ company }: { company: string }) {
  return (
    <ConfirmButton
      label="Delete company…"
      title={`Delete ${company}?`}
      confirmLabel="Delete company"
      confirmText={company}
      onConfirm={() => deleteCompanyAction(company)}
    >
      <p>
        Everything Rollcall holds for {company} is deleted at once and cannot be restored: its administrators,
        identity providers, provisioning tokens, provisioned users and groups, role mappings and logs.
        Provisioning and sign-in through its identity providers stop working, and your application is told
        (tenant.deleted). Every administrator gets an email.
      </p>
    </ConfirmButton>
  );
}
