/**
 * The side panel's notifications, kept between openings (storage.local, which the worker restricts to trusted
 * contexts): the recent events newest first, which of them are unread, the names looked up for them, and the stream's
 * cursor. One inbox per endpoint and key (named by a hash of both, never the key itself), so another key — another
 * contributor — starts with an empty list and no cursor.
 */
import { browser } from 'wxt/browser';
import type { CursorStore } from './contributor-events';
import type { ContributorEventData, EventSubject } from './notification-text';

export interface Notification {
  event: ContributorEventData;
  subject: EventSubject | null;
  read: boolean;
}

interface Stored {
  cursor: string | null;
  items: Notification[];
  /** Ids seen, newer than the list keeps: a replay can repeat an event that has already left the list. */
  seen: string[];
}

/** Notifications kept (newest first); older ones leave the list. */
export const KEPT = 100;
const SEEN = 1_000;

export async function inboxKey(endpoint: string, apiKey: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${endpoint}\n${apiKey}`));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `notifications:${hex.slice(0, 32)}`;
}

export class NotificationInbox implements CursorStore {
  private state: Stored = { cursor: null, items: [], seen: [] };
  private loaded: Promise<void> | null = null;
  /** Writes in order, so a slow one never overwrites a later state. */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly key: string) {}

  private load(): Promise<void> {
    this.loaded ??= browser.storage.local.get(this.key).then((got) => {
      const v = got[this.key] as Partial<Stored> | undefined;
      if (v && Array.isArray(v.items)) {
        this.state = { cursor: typeof v.cursor === 'string' ? v.cursor : null, items: v.items, seen: Array.isArray(v.seen) ? v.seen : v.items.map((n) => n.event.id) };
      }
    });
    return this.loaded;
  }

  private save(): Promise<void> {
    const snapshot = structuredClone(this.state);
    this.writing = this.writing.then(() => browser.storage.local.set({ [this.key]: snapshot }));
    return this.writing;
  }

  async items(): Promise<Notification[]> {
    await this.load();
    return this.state.items;
  }

  async cursor(): Promise<string | null> {
    await this.load();
    return this.state.cursor;
  }

  async setCursor(cursor: string | null): Promise<void> {
    await this.load();
    if (this.state.cursor === cursor) return;
    this.state.cursor = cursor;
    await this.save();
  }

  /** Adds an event unless its id was seen already; returns whether it was new. */
  async add(event: ContributorEventData, read: boolean): Promise<boolean> {
    await this.load();
    if (this.state.seen.includes(event.id)) return false;
    this.state.seen = [event.id, ...this.state.seen].slice(0, SEEN);
    this.state.items = [{ event, subject: null, read }, ...this.state.items]
      .sort((a, b) => Date.parse(b.event.occurredAt) - Date.parse(a.event.occurredAt))
      .slice(0, KEPT);
    await this.save();
    return true;
  }

  async setSubject(id: string, subject: EventSubject): Promise<void> {
    await this.load();
    const n = this.state.items.find((i) => i.event.id === id);
    if (!n) return;
    n.subject = subject;
    await this.save();
  }

  /** Marks every notification read; returns whether any was unread. */
  async markAllRead(): Promise<boolean> {
    await this.load();
    const unread = this.state.items.some((n) => !n.read);
    if (!unread) return false;
    for (const n of this.state.items) n.read = true;
    await this.save();
    return true;
  }

  unreadCount(): number {
    return this.state.items.filter((n) => !n.read).length;
  }
}
