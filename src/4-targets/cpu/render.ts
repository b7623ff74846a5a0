// The cpu target's project templates (templates/cpu/); they only lay out views prepared in TypeScript.

import { templateSet } from '../../4-emit/render.js';

const cpu = templateSet('cpu');

export const render = cpu.render;
export const staticFile = cpu.staticFile;
export const preloadTemplates = cpu.preload;
