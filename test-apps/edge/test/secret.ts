/** The app secret the runtime tests sign with, and the Node side reads the cookies with. */
export const SECRET = "edge-runtime-secret-0123456789abcdef0123";
