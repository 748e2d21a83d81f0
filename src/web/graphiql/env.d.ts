// esbuild bundles CSS imports; tell tsc they are side-effect modules.
declare module '*.css';
