// Imports through the native open dialog (Rust: commands/imports.rs); null when cancelled.
import { call } from "./ipc";
import type { ImportReport } from "../bindings/ImportReport";

export const importFolder = () => call<ImportReport | null>("import_folder");

export const importSessionFile = () => call<ImportReport | null>("import_session_file");
