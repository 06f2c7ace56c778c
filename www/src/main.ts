// The page's entry (index.html, embed.html): the styles and the <raft-playground> element.

import './page.css';
import './style.css';
import './embed/embed.css';

export { RaftPlaygroundElement } from './element.js';
