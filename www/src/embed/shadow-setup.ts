// Side effect only: makes every <raft-playground> defined after this module ran draw into a
// shadow root with style.css adopted. bundle.ts imports it before element.ts (imports run in
// order, and defining the element upgrades the ones already in the page at once).

import lightCss from '../style.css?inline';
import embedCss from './embed.css?inline';
import diagramCss from '../render/diagram.css?inline';
import { useShadowStyles } from './scoping.js';
import { toShadowCss } from './shadow-css.js';

const sheet = new CSSStyleSheet();
sheet.replaceSync(toShadowCss(`${lightCss}\n${embedCss}\n${diagramCss}`));
useShadowStyles(sheet);
