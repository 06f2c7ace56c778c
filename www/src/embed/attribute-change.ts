// An embedding attribute changed at run time (element.ts: attributeChangedCallback): do what a
// reader of the host page expects. The look (controls, theme, height) is already applied by
// EmbedHost; this opens a new run for nodes, seed, scenario and link, and sets the speed or plays
// and pauses for speed and autoplay. Loaded with the page's extras.

import { readOptions } from '../config.js';
import { readFragment } from '../links.js';
import type { EmbedHost, EmbedHostDeps } from './embed-host.js';

export function applyAttributeChange(name: string, host: EmbedHost, deps: EmbedHostDeps): void {
  const limits = deps.limits();
  switch (name) {
    case 'speed':
      if (host.settings.speed !== null) deps.setSpeed(host.settings.speed);
      return;
    case 'autoplay':
      // Turning autoplay on starts the run; off stops it (a reader can still press Play).
      if (host.settings.autoplay) deps.play();
      else deps.pause();
      return;
    case 'nodes':
    case 'seed': {
      const base = deps.options();
      if (!base || !limits) return;
      const read = readOptions((n) => host.pick(n), new URLSearchParams(), limits);
      const next = { ...base, [name]: read[name] };
      void deps.open({ kind: 'config', options: next }, deps.playing() || host.autoplay());
      return;
    }
    case 'scenario': {
      const id = host.pick('scenario');
      const base = deps.options();
      if (id) void deps.open({ kind: 'scenario', id }, host.autoplay());
      else if (base) void deps.open({ kind: 'config', options: base }, host.autoplay());
      return;
    }
    case 'link': {
      const text = readFragment(host.pick('link'));
      if (text !== null) void deps.open({ kind: 'link', text, from: 'fragment' }, false);
      return;
    }
    case 'tour':
      deps.tour(host.pick('tour'));
      return;
    default:
      // controls, theme, height: the look, already set.
      return;
  }
}
