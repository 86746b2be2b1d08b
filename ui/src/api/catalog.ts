// The built-in catalog of architectures and driver templates (Rust: commands/catalog.rs).
import { call } from "./ipc";
import type { Catalog } from "../bindings/Catalog";

export const getCatalog = () => call<Catalog>("get_catalog");
