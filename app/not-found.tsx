import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" tabIndex={-1} className="outline-none mx-auto max-w-md px-6 py-24 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-slate-600">
        The page does not exist, or it belongs to another company.
      </p>
      <Link href="/" className="mt-6 inline-block text-sm font-semibold text-indigo-600 hover:underline">
        Back to Rollcall
      </Link>
    </main>
  );
}
