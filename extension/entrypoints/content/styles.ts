/** Styles for our shadow roots. Static text of our own: no API or page data is ever put into CSS. */
import type { SpanKind } from '../../lib/api-types';

/** The passage with its match, and the tier line with its sample: the same in the tooltip and the popover. */
const EVIDENCE_CSS = `
.tier { font-weight: 600; margin: 2px 0 4px; }
.sample { padding: 0 2px; white-space: nowrap; }
.sources { margin: 0; padding: 0 0 0 14px; }
.sources li { margin-bottom: 6px; }
.sources .dn { font-weight: 600; }
.sources .by { color: #5b6375; }
.sources .context, .sources .snippet { display: block; margin-top: 2px; color: #394055; quotes: "“" "”"; overflow-wrap: anywhere; }
.sources .context mark { background: #ffe08a; color: #1f2430; font-weight: 600; border-radius: 2px; padding: 0 1px; }
`;
export const BADGE_CSS = `
:host { all: initial; }
.wrap { font: 12px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2430; }
.chip {
  all: unset; box-sizing: border-box; display: inline-flex; align-items: center; gap: 6px;
  height: 24px; max-width: 100%; padding: 0 10px; border-radius: 12px; cursor: pointer;
  border: 1px solid #c9cfdb; background: #f5f7fb; color: #1f2430; white-space: nowrap; overflow: hidden;
  font: 500 12px/22px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
.chip:hover { background: #eaeef6; }
.chip:focus-visible { outline: 2px solid #3d6df2; outline-offset: 2px; }
.chip .logo { display: inline-block; width: 10px; height: 10px; border-radius: 2px; background: #3d6df2; transform: rotate(45deg); flex: none; }
.chip .text { overflow: hidden; text-overflow: ellipsis; }
.chip[data-state="loading"] { color: #5b6375; }
.chip[data-state="loading"] .logo { background: #9aa3b5; }
.chip[data-state="trace"] .logo { background: #f0a020; }
.chip[data-state="none"], .chip[data-state="unrecorded"] { color: #5b6375; }
.chip[data-state="unrecorded"] .logo { background: #c9cfdb; }
.chip[data-state="none"] .logo { background: #9aa3b5; }
.chip[data-state="unreachable"], .chip[data-state="error"], .chip[data-state="key-rejected"] { border-color: #e3a5a5; background: #fff4f4; color: #8a1f1f; }
.chip[data-state="unreachable"] .logo, .chip[data-state="error"] .logo, .chip[data-state="key-rejected"] .logo { background: #c93c3c; }
.popover {
  box-sizing: border-box; width: 340px; max-width: calc(100vw - 16px); max-height: min(75vh, 600px); overflow: auto;
  margin: 0; padding: 12px 14px; border: 1px solid #c9cfdb; border-radius: 10px; background: #fff; color: #1f2430;
  box-shadow: 0 8px 28px rgba(20, 30, 60, .18); font: 12px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  position: fixed; inset: auto; z-index: 2147483647;
}
.popover[hidden] { display: none; }
.popover h2 { margin: 0 0 4px; font-size: 13px; font-weight: 600; }
.popover h3 { margin: 10px 0 4px; font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: #5b6375; }
.popover .close { all: unset; position: absolute; top: 8px; right: 10px; cursor: pointer; font-size: 16px; line-height: 1; padding: 2px 4px; border-radius: 4px; color: #5b6375; }
.popover .close:focus-visible, .popover .action:focus-visible { outline: 2px solid #3d6df2; outline-offset: 1px; }
.popover .summary { color: #394055; margin-bottom: 2px; }
.rows { display: grid; gap: 3px; }
.row { display: grid; grid-template-columns: minmax(0, 1fr) 90px 40px; align-items: center; gap: 8px; }
.row .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.row .bar { display: block; height: 8px; border-radius: 4px; background: #e8ecf4; overflow: hidden; }
.row .fill { display: block; height: 100%; min-width: 2px; border-radius: 4px; background: #3d6df2; }
.row.more .fill { background: #9aa3b5; }
.row .pct { text-align: right; font-variant-numeric: tabular-nums; color: #394055; }
.model { margin: 2px 0 0; font-weight: 500; color: #1f2430; }
.ids { margin-top: 8px; color: #5b6375; }
.ids summary { cursor: pointer; }
.ids ul { margin: 4px 0 0; padding: 0 0 0 14px; }
.ids code { font: 11px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-all; }
.meta { margin-top: 10px; display: grid; gap: 2px; color: #394055; }
.log[data-state="verified"] { color: #1d6b35; }
.log[data-state="failed"] { color: #a12020; }
.log[data-state="unavailable"] { color: #7a5a00; }
.actions { margin-top: 10px; display: flex; gap: 8px; flex-wrap: wrap; }
.action { all: unset; cursor: pointer; padding: 3px 8px; border-radius: 6px; border: 1px solid #c9cfdb; background: #f5f7fb; font-size: 12px; }
.action:hover { background: #eaeef6; }
.empty { color: #5b6375; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 10px; margin: 4px 0 0; }
.passages { display: grid; grid-template-columns: minmax(0, 1fr); gap: 4px; }
.passage { min-width: 0; }
.passage summary { cursor: pointer; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.passage summary:focus-visible { outline: 2px solid #3d6df2; outline-offset: 1px; }
.passage .words { color: #394055; }
.passage[open] summary { white-space: normal; }
.passage[open] { padding: 4px 6px 2px; border-radius: 6px; background: #f5f7fb; }
${EVIDENCE_CSS}`;

/** Light, like the popover, so the tier samples and the marked match look as they do in the answer. */
export const TOOLTIP_CSS = `
:host { all: initial; }
.tip {
  position: fixed; z-index: 2147483647; box-sizing: border-box; width: max-content; max-width: 340px; padding: 8px 10px;
  border: 1px solid #c9cfdb; border-radius: 8px; background: #fff; color: #1f2430; box-shadow: 0 8px 24px rgba(20, 30, 60, .22);
  font: 12px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; pointer-events: none;
}
.tip[hidden] { display: none; }
.tip .title { color: #5b6375; margin-bottom: 2px; }
${EVIDENCE_CSS}`;

/**
 * Each evidence tier's highlight: the line under it tells them apart (solid, dashed, dotted), so colour is never the
 * only cue; the colours (Okabe–Ito orange, blue, reddish purple) stay distinct for the common colour-vision
 * deficiencies, and the tint fades from the strongest evidence to the weakest.
 */
const TIER_MARK: Record<SpanKind, string> = {
  EXACT: 'background: rgba(230, 159, 0, .30); border-bottom: 2px solid #9a6700;',
  NEAR: 'background: rgba(86, 180, 233, .24); border-bottom: 2px dashed #0072b2;',
  SEMANTIC: 'background: rgba(204, 121, 167, .18); border-bottom: 2px dotted #a3467a;',
};

/** Inline style for a highlighted span of a tier (page text we wrap; kept inline so page CSS is unlikely to hide it). */
export function markStyle(kind: SpanKind): string {
  return `${TIER_MARK[kind]} border-radius: 2px; cursor: help; color: inherit;`;
}
