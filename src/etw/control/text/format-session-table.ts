/**
 * `query -ets`: logman's three-column sessions table with its measured widths
 * (name in 39 columns + 1 space, type in 29 + 1, status; long names push the
 * row right, never truncated; 79 dashes). docs/architecture.md F11.
 */
export const SEPARATOR = '-'.repeat(79);

export interface SessionRow {
  name: string;
  type: string;
  status: string;
}

export function sessionRowLine(r: SessionRow): string {
  return `${r.name.padEnd(39)} ${r.type.padEnd(29)} ${r.status}`;
}

export function formatSessionTable(rows: SessionRow[]): string[] {
  return [sessionRowLine({ name: 'Data Collector Set', type: 'Type', status: 'Status' }), SEPARATOR, ...rows.map(sessionRowLine)];
}
