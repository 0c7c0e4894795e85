/**
 * The side panel's Notifications view (docs/architecture.md#the-extensions-notifications): the contributor's events,
 * live while the panel is open (lib/contributor-events.ts), newest first, in plain words (lib/notification-text.ts),
 * with their time, a way to the lineage or proposal they are about, an unread count on the tab and a status line.
 * The list is a polite live region: an event that arrives is read out once (items are added, never redrawn).
 */
import { browser } from 'wxt/browser';
import { ContributorEventStream, sseSubscribe, type StreamStatus } from '../../lib/contributor-events';
import { graphqlRequest } from '../../lib/graphql-client';
import { inboxKey, NotificationInbox, type Notification } from '../../lib/notification-inbox';
import {
  eventTarget, eventTimeText, notificationText, parseEventSubject, subjectIds,
  type ContributorEventData, type EventSubject, type EventTarget,
} from '../../lib/notification-text';
import { EVENT_SUBJECT_QUERY } from '../../lib/queries';
import { API_KEY_STORAGE_KEY, loadApiKeyInPage, loadSettings, SETTINGS_STORAGE_KEY } from '../../lib/settings';

export interface NotificationsDeps {
  list: HTMLOListElement;
  status: HTMLElement;
  /** The tab's unread count (a badge inside the tab button). */
  unread: HTMLElement;
  tab: HTMLButtonElement;
  /** Whether the Notifications view is the one shown (its events are then read as they come). */
  shown(): boolean;
  /** Shows a status the way the other views do (the "key rejected" sentence links to the options). */
  setStatus(el: HTMLElement, text: string, state: 'info' | 'error' | 'ok'): void;
  keyRejectedText(message: string): string;
  open(target: EventTarget): void;
}

export const NO_KEY = 'Add your API key in options to get notifications.';

export function statusText(s: StreamStatus, keyRejectedText: (m: string) => string): { text: string; state: 'info' | 'error' | 'ok' } {
  switch (s.state) {
    case 'no-key':
      return { text: NO_KEY, state: 'info' };
    case 'connecting':
      return { text: 'Connecting to Strata…', state: 'info' };
    case 'connected':
      return { text: 'Connected: new events appear here as they happen.', state: 'ok' };
    case 'reconnecting':
      return { text: `Reconnecting in ${Math.max(1, Math.round(s.inMs / 1000))} s (${s.reason})…`, state: 'error' };
    case 'key-rejected':
      return { text: keyRejectedText(s.message), state: 'error' };
    case 'stopped':
      return { text: 'Not listening.', state: 'info' };
  }
}

/** How long a live event waits for its names before it is listed anyway (with ids, replaced once the names come). */
const NAMES_WAIT_MS = 3_000;

export interface NotificationsControl {
  /** The view was shown: what arrived while it was hidden is read now. */
  shown(): void;
  stop(): void;
}

/** Starts the stream for the saved key (again whenever the key or the endpoint changes). */
export function startNotifications(deps: NotificationsDeps): NotificationsControl {
  let current: { stream: ContributorEventStream | null; inbox: NotificationInbox | null } = { stream: null, inbox: null };
  let generation = 0;

  const renderUnread = () => {
    const n = current.inbox?.unreadCount() ?? 0;
    deps.unread.textContent = n > 0 ? String(n) : '';
    deps.unread.hidden = n === 0;
    deps.tab.setAttribute('aria-label', n > 0 ? `Notifications, ${n} unread` : 'Notifications');
  };

  const markRead = async () => {
    if (!current.inbox || !deps.shown() || document.visibilityState !== 'visible') return;
    if (await current.inbox.markAllRead()) {
      for (const li of deps.list.querySelectorAll('li.unread')) li.classList.remove('unread');
    }
    renderUnread();
  };

  const begin = async () => {
    const mine = ++generation;
    current.stream?.stop();
    current = { stream: null, inbox: null };
    deps.list.replaceChildren();
    renderUnread();
    const [settings, apiKey] = await Promise.all([loadSettings(), loadApiKeyInPage()]);
    if (mine !== generation) return;
    const show = (s: StreamStatus) => {
      if (mine !== generation || s.state === 'stopped') return;
      const { text, state } = statusText(s, deps.keyRejectedText);
      deps.setStatus(deps.status, text, state);
      deps.status.dataset.stream = s.state;
      if (s.state === 'no-key') appendOptionsLink(deps.status);
    };
    if (!apiKey) {
      show({ state: 'no-key' });
      return;
    }
    const inbox = new NotificationInbox(await inboxKey(settings.endpoint, apiKey));
    const describe = async (e: ContributorEventData): Promise<EventSubject | null> => {
      const { id, record } = subjectIds(e);
      try {
        const res = await graphqlRequest(settings.endpoint, EVENT_SUBJECT_QUERY, { id, record: record ?? id, withRecord: record !== null }, { apiKey });
        const subject = parseEventSubject(res.data ?? {});
        await inbox.setSubject(e.id, subject);
        if (mine === generation) updateItem(deps.list, e, subject);
        return subject;
      } catch {
        // The sentence keeps the ids: the event is still right, only less readable.
        return null;
      }
    };
    const kept = await inbox.items();
    // The key or endpoint changed meanwhile: the newer start owns the list.
    if (mine !== generation) return;
    for (const n of kept) {
      deps.list.appendChild(item(n, deps));
      if (!n.subject) void describe(n.event);
    }
    current = {
      inbox,
      stream: new ContributorEventStream({
        apiKey,
        subscribe: sseSubscribe(settings.endpoint, apiKey),
        store: inbox,
        onStatus: show,
        onEvent: async (event) => {
          const read = deps.shown() && document.visibilityState === 'visible';
          if (!(await inbox.add(event, read)) || mine !== generation) return;
          // Listed with its names when they come quickly, so the live region reads the sentence once.
          const named = describe(event);
          const subject = await Promise.race([named, new Promise<null>((r) => setTimeout(() => r(null), NAMES_WAIT_MS))]);
          if (mine !== generation) return;
          const n: Notification = { event, subject, read };
          insertItem(deps.list, item(n, deps));
          renderUnread();
        },
      }),
    };
    renderUnread();
    void markRead();
    current.stream!.start();
  };

  const onChanged = (changes: Record<string, unknown>, area: string) => {
    if (API_KEY_STORAGE_KEY in changes || (area === 'local' && SETTINGS_STORAGE_KEY in changes && endpointChanged(changes[SETTINGS_STORAGE_KEY]))) void begin();
  };
  browser.storage.onChanged.addListener(onChanged);
  document.addEventListener('visibilitychange', () => void markRead());
  void begin();
  return {
    shown: () => void markRead(),
    stop: () => {
      generation++;
      browser.storage.onChanged.removeListener(onChanged);
      current.stream?.stop();
    },
  };

  function endpointChanged(change: unknown): boolean {
    const c = change as { oldValue?: { endpoint?: string }; newValue?: { endpoint?: string } };
    return c?.oldValue?.endpoint !== c?.newValue?.endpoint;
  }
}

function appendOptionsLink(el: HTMLElement): void {
  const a = document.createElement('a');
  a.href = browser.runtime.getURL('/options.html');
  a.textContent = 'Open the options';
  a.className = 'options-link';
  a.addEventListener('click', (e) => {
    e.preventDefault();
    void browser.runtime.openOptionsPage();
  });
  el.append(' ', a);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  e.textContent = text;
  return e;
}

function item(n: Notification, deps: NotificationsDeps): HTMLLIElement {
  const li = el('li', `notification${n.read ? '' : ' unread'}`);
  li.dataset.id = n.event.id;
  li.dataset.kind = n.event.kind;
  li.dataset.at = n.event.occurredAt;
  const time = el('time', 'when', eventTimeText(n.event.occurredAt));
  time.dateTime = n.event.occurredAt;
  const text = el('p', 'what', notificationText(n.event, n.subject));
  const target = eventTarget(n.event);
  const go = el('button', 'go', target.label);
  go.type = 'button';
  go.addEventListener('click', () => deps.open(target));
  li.append(text, time, ' ', go);
  return li;
}

function updateItem(list: HTMLOListElement, e: ContributorEventData, subject: EventSubject): void {
  const li = list.querySelector<HTMLLIElement>(`li.notification[data-id="${CSS.escape(e.id)}"]`);
  const what = li?.querySelector('.what');
  if (what) what.textContent = notificationText(e, subject);
}

/** Newest first: a replayed older event goes where its time puts it. */
function insertItem(list: HTMLOListElement, li: HTMLLIElement): void {
  const at = Date.parse(li.dataset.at!);
  const after = [...list.children].find((c) => Date.parse((c as HTMLElement).dataset.at ?? '') < at);
  list.insertBefore(li, after ?? null);
}
