// The store as frameworks use it: plain JS callbacks, `select` for a slice,
// and React's useSyncExternalStore rendering a real component in Chromium.
import { expect } from '@esm-bundle/chai';
import type * as ReactNS from 'react';
import type * as ReactDomClient from 'react-dom/client';
import { RoomClient } from './client.js';
import { createStore, select, shallowEqual } from './store.js';
import type { RoomState } from './types.js';

type React = typeof ReactNS;
type ReactDom = typeof ReactDomClient;

/** React 18 ships CommonJS only; its UMD build loads in the test page as a plain script. */
async function loadReact(): Promise<{ React: React; ReactDOM: ReactDom }> {
  const g = globalThis as unknown as { React?: React; ReactDOM?: ReactDom };
  for (const src of ['/node_modules/react/umd/react.development.js', '/node_modules/react-dom/umd/react-dom.development.js']) {
    if (document.querySelector(`script[src="${src}"]`)) continue;
    await new Promise<void>((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.append(s);
    });
  }
  if (!g.React || !g.ReactDOM) throw new Error('React UMD globals missing');
  return { React: g.React, ReactDOM: g.ReactDOM };
}

describe('store', () => {
  it('gives plain-JS listeners each new snapshot and the previous one', () => {
    const store = createStore({ n: 0, s: 'a' });
    const seen: [number, number][] = [];
    const off = store.subscribe((next, prev) => seen.push([next.n, prev.n]));
    store.setState((s) => ({ ...s, n: 1 }));
    store.setState((s) => s); // same object: no notification
    store.setState((s) => ({ ...s, n: 2 }));
    off();
    store.setState((s) => ({ ...s, n: 3 }));
    expect(seen).to.deep.equal([
      [1, 0],
      [2, 1],
    ]);
  });

  it('select() calls back only when the selected slice changes', () => {
    const store = createStore({ n: 0, s: 'a' });
    const slices: string[] = [];
    const off = select(store, (st) => st.s, (s, prev) => slices.push(`${prev}→${s}`));
    store.setState((st) => ({ ...st, n: 1 }));
    store.setState((st) => ({ ...st, s: 'b' }));
    store.setState((st) => ({ ...st, n: 2 }));
    off();
    expect(slices).to.deep.equal(['a→b']);
  });

  it('select() with shallowEqual ignores new objects with the same fields', () => {
    const store = createStore({ a: 1, b: 2 });
    let calls = 0;
    select(store, (st) => ({ a: st.a }), () => calls++, shallowEqual);
    store.setState((st) => ({ ...st, b: 3 }));
    expect(calls).to.equal(0);
    store.setState((st) => ({ ...st, a: 5 }));
    expect(calls).to.equal(1);
  });

  it('a listener that throws does not stop the others', () => {
    const store = createStore({ n: 0 });
    let got = -1;
    store.subscribe(() => {
      throw new Error('boom');
    });
    store.subscribe((s) => (got = s.n));
    expect(() => store.setState(() => ({ n: 1 }))).not.to.throw();
    expect(got).to.equal(1);
  });

  it('re-renders a React component through useSyncExternalStore when the state changes', async () => {
    const { React, ReactDOM } = await loadReact();
    const client = new RoomClient({ endpoint: '/api/parlor', room: 'react-room' });
    const renders: string[] = [];
    function Status(): ReactNS.ReactElement {
      const status = React.useSyncExternalStore(client.subscribe, () => client.getState().status);
      renders.push(status);
      return React.createElement('p', { id: 'status' }, `status: ${status}`);
    }
    const host = document.createElement('div');
    document.body.append(host);
    const root = ReactDOM.createRoot(host);
    React.act?.(() => root.render(React.createElement(Status)));
    await new Promise((r) => setTimeout(r, 50));
    expect(host.textContent).to.equal('status: idle');
    // A status change (leave() without joining ends 'disconnected') must re-render.
    await client.leave();
    await new Promise((r) => setTimeout(r, 50));
    expect(host.textContent).to.equal('status: disconnected');
    // A change elsewhere in the state (the device lists) keeps the slice: no render.
    const before = renders.length;
    const snapshot = client.getState();
    await client.listDevices();
    expect(client.getState()).not.to.equal(snapshot);
    await new Promise((r) => setTimeout(r, 50));
    expect(renders.length).to.equal(before);
    client.reset();
    await new Promise((r) => setTimeout(r, 50));
    expect(host.textContent).to.equal('status: idle');
    expect(renders.length).to.equal(before + 1);
    root.unmount();
    host.remove();
  });

  it('getState() returns the same snapshot until something changes (tearing-safe)', () => {
    const client = new RoomClient({ endpoint: '/api/parlor', room: 'snap' });
    const a: RoomState = client.getState();
    expect(client.getState()).to.equal(a);
    expect(Object.isFrozen(a.chat)).to.equal(true);
  });
});
