// The Loihi project templates (templates/loihi/); like the cpu backend's, they only lay out views
// prepared in TypeScript.

import { templateSet } from '../render.js';

const loihi = templateSet('loihi');

export const renderLoihi = loihi.render;
export const loihiStatic = loihi.staticFile;
