import type { NextConfig } from "next";

const config: NextConfig = {
  // As in examples/next: the native SQLite module is loaded by Node, never bundled.
  serverExternalPackages: ["better-sqlite3"],
};

export default config;
