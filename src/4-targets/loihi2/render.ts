// The Loihi 2 project templates (templates/loihi2/); like the cpu backend's, they only lay out views
// prepared in TypeScript.

import { templateSet } from '../../4-emit/render.js';

const loihi = templateSet('loihi2');

export const renderLoihi = loihi.render;
export const loihiStatic = loihi.staticFile;
