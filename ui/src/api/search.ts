// The session list and full-text search with filters, a page at a time (Rust:
// commands/search.rs).
import { call } from "./ipc";
import type { SearchPage } from "../bindings/SearchPage";
import type { SearchQuery } from "../bindings/SearchQuery";

/** The matches from place `first` on, at most `count`, and how many match in all. */
export const searchSessions = (query: SearchQuery, first: number, count: number) =>
  call<SearchPage>("search_sessions", { query, first, count });
