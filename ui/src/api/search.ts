// Full-text search with filters (Rust: commands/search.rs).
import { call } from "./ipc";
import type { SearchHit } from "../bindings/SearchHit";
import type { SearchQuery } from "../bindings/SearchQuery";

export const searchSessions = (query: SearchQuery) => call<SearchHit[]>("search_sessions", { query });
