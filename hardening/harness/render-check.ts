// Renders chat messages through the real <parlor-chat-panel> in the lab page
// and checks the DOM: text and names verbatim, no foreign elements, no event
// handler attributes, only http(s)/mailto hrefs.
import type { Page } from 'playwright-core';

export interface Msg {
  id: string;
  text: string;
  name: string;
}

export interface RenderReport {
  rendered: number;
  links: number;
  mismatches: { id: string; problem: string }[];
  unsafeHrefs: string[];
  foreign: string[];
}

/** Renders `messages` in batches of 100 through a panel bound to a store holding them. */
export function renderAndCheck(page: Page, messages: Msg[]): Promise<RenderReport> {
  return page.evaluate(async (messages) => {
    const { ChatLog } = window.Parlor;
    const stage = document.getElementById('stage')!;
    const report = { rendered: 0, links: 0, mismatches: [] as { id: string; problem: string }[], unsafeHrefs: [] as string[], foreign: [] as string[] };
    const ALLOWED = new Set(['H2', 'UL', 'LI', 'SPAN', 'BDI', 'A', 'BUTTON', 'DIV', 'FORM', 'LABEL', 'INPUT', 'DIALOG', 'P']);
    const SAFE = new Set(['http:', 'https:', 'mailto:']);
    const probe = { id: '__probe__', text: 'PROBE', name: 'Probe' };
    for (let i = 0; i < messages.length; i += 100) {
      const batch = [probe, ...messages.slice(i, i + 100)];
      const chat = ChatLog.from(
        batch.map((m) => ({ id: m.id, text: m.text, from: { identity: `id-${m.id}`, name: m.name }, timestamp: 0, status: 'received', local: false, deleted: false })),
      );
      const state = { chat, local: { identity: 'me', can: { chat: true, moderate: true, publish: false, subscribe: true } } };
      const client = { getState: () => state, subscribe: () => () => {}, on: () => () => {}, retryMessage() {}, async deleteMessage() {} };
      const el = document.createElement('parlor-chat-panel') as HTMLElement & { client: unknown; updateComplete: Promise<boolean> };
      el.client = client;
      stage.replaceChildren(el);
      await el.updateComplete;
      const root = el.shadowRoot!;
      const bodyOf = (li: Element) => {
        const clone = li.cloneNode(true) as Element;
        clone.querySelectorAll('.who, .status, button').forEach((n) => n.remove());
        return clone.textContent ?? '';
      };
      // The template's own whitespace around the text, measured on a known row.
      const probeText = bodyOf(root.querySelector('li[data-id="__probe__"]')!);
      const at = probeText.indexOf('PROBE');
      const prefix = probeText.slice(0, at);
      const suffix = probeText.slice(at + 'PROBE'.length);
      for (const m of batch.slice(1)) {
        report.rendered++;
        const li = root.querySelector(`li[data-id="${CSS.escape(m.id)}"]`);
        if (!li) {
          report.mismatches.push({ id: m.id, problem: 'row missing' });
          continue;
        }
        const who = li.querySelector('.who')?.textContent;
        if (who !== m.name) report.mismatches.push({ id: m.id, problem: `name shown as ${JSON.stringify(who)}` });
        const body = bodyOf(li);
        const shown = body.startsWith(prefix) && body.endsWith(suffix) ? body.slice(prefix.length, body.length - suffix.length) : body;
        if (shown !== m.text) report.mismatches.push({ id: m.id, problem: `text shown as ${JSON.stringify(shown.slice(0, 80))}` });
      }
      for (const node of root.querySelectorAll('*')) {
        if (!ALLOWED.has(node.tagName)) report.foreign.push(node.tagName);
        for (const a of node.getAttributeNames()) if (/^on/i.test(a) || a === 'srcdoc' || a === 'style') report.foreign.push(`${node.tagName}[${a}]`);
        if (node.tagName === 'A') {
          report.links++;
          const href = node.getAttribute('href') ?? '';
          let proto = '';
          try {
            proto = new URL(href).protocol;
          } catch {
            proto = 'unparsable';
          }
          if (!SAFE.has(proto)) report.unsafeHrefs.push(href);
        }
      }
    }
    stage.replaceChildren();
    return report;
  }, messages);
}

/** Whether anything executed, after giving async vectors (onerror, onload) time. */
export async function pwned(page: Page): Promise<boolean> {
  await page.waitForTimeout(500);
  return page.evaluate(() => (window as unknown as { __pwned: unknown }).__pwned !== false);
}
