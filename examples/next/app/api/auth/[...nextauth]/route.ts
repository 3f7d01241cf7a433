import { handlers } from "@/lib/auth";

// PUT, PATCH and DELETE answer the contract's JSON 405 instead of Next's bare one.
export const { GET, POST, PUT, PATCH, DELETE } = handlers;
