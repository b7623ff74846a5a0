// The Python packages every generated project pins (both targets), and the Lava version they are
// written for; the managed environment (src/run/environment.ts) installs the same.

export const LAVA_VERSION = '0.10.0';

/** Pinned packages of the generated project (lava-nc itself is installed without its metadata check). */
export const PYTHON_PACKAGES = ['numpy==1.26.4', 'scipy==1.13.1', 'networkx==2.8.7', 'asteval==0.9.33', 'scikit-learn==1.5.2', `lava-nc==${LAVA_VERSION}`];
