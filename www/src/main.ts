// The page's entry (index.html, embed.html): the styles and the <raft-playground> element.

import './style.css';

export { RaftPlaygroundElement } from './element.js';
