import { pagesHandler } from "@/lib/safe-session";

export default pagesHandler;
// Core reads the raw body itself (size limit, JSON checks): Next's parser stays off.
export const config = { api: { bodyParser: false } };
