/** Typed requests from content scripts to the worker (the worker validates them again; it trusts no one). */
import { browser } from 'wxt/browser';
import { parseTabMessage, type Request, type ResponseMap, type TabMessage } from '../../lib/messages';

export async function send<R extends Request>(request: R): Promise<ResponseMap[R['type']]> {
  const res: unknown = await browser.runtime.sendMessage(request);
  if (res === undefined || res === null) throw new Error('no answer from the Strata worker');
  if (typeof res === 'object' && 'error' in res) throw new Error(String((res as { error: unknown }).error));
  return res as ResponseMap[R['type']];
}

/** Messages to content scripts must come from this extension (its worker), nobody else. */
export function isFromOurWorker(sender: { id?: string; tab?: unknown }): boolean {
  return sender.id === browser.runtime.id && !sender.tab;
}

/** The worker's well-formed message, or null for anything from elsewhere or malformed (ignored, never trusted). */
export function tabMessageFromWorker(message: unknown, sender: { id?: string; tab?: unknown }): TabMessage | null {
  if (!isFromOurWorker(sender)) return null;
  try {
    return parseTabMessage(message);
  } catch {
    return null;
  }
}
