// The app itself is only the auth routes (served by `handle`); this page keeps the build non-empty.
export const load = () => ({});
