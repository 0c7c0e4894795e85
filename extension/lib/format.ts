/** Words the badge and popover show, computed from a lookup result. Pure, so it is unit-tested directly. */
import type { Attribution } from './api-types';
import type { LogVerification } from './log-verify';
import type { LookupResult } from './messages';

export type BadgeState = 'loading' | 'output' | 'trace' | 'none' | 'unrecorded' | 'unreachable' | 'key-rejected' | 'error';

export interface BadgeView {
  state: BadgeState;
  text: string;
  /** Full sentence for screen readers (aria-label). */
  label: string;
  /** Whether activating the chip opens the popover (else it retries, or traces an unrecorded answer). */
  hasDetails: boolean;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function percent(fraction: number): string {
  const p = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  // Never claim 0% or 100% when it is not exactly that.
  if (p === 0 && fraction > 0) return '<1%';
  if (p === 100 && fraction < 1) return '>99%';
  return `${p}%`;
}

function isEmpty(a: Attribution | null): boolean {
  return !a || (a.datanets.length === 0 && a.adapters.length === 0 && a.contributors.length === 0 && a.spans.length === 0);
}

export function countsText(a: Attribution): string {
  return [
    plural(a.datanets.length, 'datanet'),
    plural(a.adapters.length, 'adapter'),
    plural(a.contributors.length, 'contributor'),
  ].join(' · ');
}

export function badgeView(result: LookupResult | null): BadgeView {
  if (!result) return { state: 'loading', text: 'Strata…', label: 'Strata: looking up lineage', hasDetails: false };
  switch (result.kind) {
    case 'output': {
      const a = result.output.attribution;
      if (!a || isEmpty(a)) {
        return { state: 'none', text: 'no lineage', label: 'Strata: this answer is recorded but has no lineage', hasDetails: true };
      }
      const text = countsText(a);
      return { state: 'output', text, label: `Strata lineage: ${text}. Show details`, hasDetails: true };
    }
    case 'trace': {
      const a = result.trace.attribution;
      if (result.trace.spans.length === 0 || a.coverage <= 0 || isEmpty(a)) {
        return { state: 'none', text: 'no lineage', label: 'Strata: no lineage found for this answer', hasDetails: true };
      }
      const text = a.coverage >= 1 ? 'fully traced' : `partly traced ${percent(a.coverage)}`;
      return { state: 'trace', text, label: `Strata: ${text}. Show details`, hasDetails: true };
    }
    case 'unrecorded':
      // Nothing was sent but hashes; the text goes to the API only if the user says so (extension/README.md#privacy).
      return {
        state: 'unrecorded',
        text: 'not recorded · trace it?',
        label: 'Strata: this answer is not a recorded output. Trace it: sends its text to Strata',
        hasDetails: false,
      };
    case 'unreachable':
      return {
        state: 'unreachable',
        text: 'Strata unreachable — retry',
        label: `Strata unreachable (${result.message}). Retry`,
        hasDetails: false,
      };
    case 'key-rejected':
      // The API is up and said no to the key: retrying cannot help, a new key in the options page does.
      return {
        state: 'key-rejected',
        text: 'Strata key rejected — options',
        label: `Strata rejected your API key (${result.message}). Open the Strata options to change it`,
        hasDetails: false,
      };
    case 'error':
      return { state: 'error', text: 'Strata error — retry', label: `Strata error (${result.message}). Retry`, hasDetails: false };
  }
}

export function verificationText(v: LogVerification): string {
  switch (v.state) {
    case 'verified':
      return `verified in log #${v.index}`;
    case 'failed':
      return `not verified: ${v.reason}`;
    case 'unavailable':
      return `not verified: ${v.reason}`;
  }
}

/** "Name version" of a model, for people (the id only when it has no name). */
export function modelText(m: { id: string; name: string; version: string }): string {
  const name = m.name || m.id;
  return m.version ? `${name} ${m.version}` : name;
}

/** Shares sorted largest first (ties by name) with the rest folded into one "N more" row. */
export function topShares<T extends { name: string }>(
  rows: { item: T; share: number }[],
  limit: number,
): { rows: { item: T; share: number }[]; restCount: number; restShare: number } {
  const sorted = [...rows].sort((a, b) => b.share - a.share || a.item.name.localeCompare(b.item.name));
  const top = sorted.slice(0, limit);
  const rest = sorted.slice(limit);
  return { rows: top, restCount: rest.length, restShare: rest.reduce((s, r) => s + r.share, 0) };
}
