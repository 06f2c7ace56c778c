// Side effect only: makes every <raft-playground> defined after this module ran draw into a
// shadow root with its styles adopted: the page's, the embed's, and the sheets panels import
// themselves (a document sheet styles nothing inside a shadow root). bundle.ts imports it
// before element.ts (imports run in order, and defining the element upgrades the ones already
// in the page at once).

import lightCss from '../style.css?inline';
import embedCss from './embed.css?inline';
import diagramCss from '../render/diagram.css?inline';
import safetyCss from '../ui/safety.css?inline';
import membershipCss from '../membership.css?inline';
import { useShadowStyles } from './scoping.js';
import { toShadowCss } from './shadow-css.js';

const sheet = new CSSStyleSheet();
sheet.replaceSync(toShadowCss(`${lightCss}\n${embedCss}\n${diagramCss}\n${safetyCss}\n${membershipCss}`));
useShadowStyles(sheet);
