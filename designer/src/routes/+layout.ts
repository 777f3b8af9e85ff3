// A single-page app: the runtime serves index.html for every page address.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
