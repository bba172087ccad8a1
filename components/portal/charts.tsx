"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export type RequestBucket = { label: string; requests: number; errors: number };
export type GrowthPoint = { label: string; users: number; groups: number };

/** Requests per bucket, split into succeeded and failed. */
export function RequestsChart({ data, title }: { data: RequestBucket[]; title: string }) {
  const rows = data.map((d) => ({ label: d.label, succeeded: d.requests - d.errors, failed: d.errors }));
  return (
    <figure className="min-w-0">
      <figcaption className="mb-2 text-sm font-medium text-slate-700">{title}</figcaption>
      <div
        className="h-56 w-full"
        role="img"
        aria-label={`${title}: ${data.reduce((s, d) => s + d.requests, 0)} requests, ${data.reduce((s, d) => s + d.errors, 0)} failed`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="succeeded" stackId="r" fill="#6366f1" isAnimationActive={false} />
            <Bar dataKey="failed" stackId="r" fill="#ef4444" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export function GrowthChart({ data }: { data: GrowthPoint[] }) {
  const last = data[data.length - 1];
  return (
    <figure className="min-w-0">
      <figcaption className="mb-2 text-sm font-medium text-slate-700">
        Users and groups, last 30 days
      </figcaption>
      <div
        className="h-56 w-full"
        role="img"
        aria-label={`Now ${last?.users ?? 0} users and ${last?.groups ?? 0} groups`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Line type="monotone" dataKey="users" stroke="#6366f1" dot={false} isAnimationActive={false} />
            <Line type="monotone" dataKey="groups" stroke="#10b981" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
