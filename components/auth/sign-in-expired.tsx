/** What Rollcall's sign-in pages for an application show once the sign-in is gone (expired, used). */
export function SignInExpired() {
  return (
    <div className="space-y-3" data-testid="interaction-expired">
      <h1 className="text-xl font-semibold">This sign-in has expired</h1>
      <p className="text-sm text-slate-600">Go back to the application and sign in again.</p>
    </div>
  );
}
