// Backups: list, back up now, restore, and an empty start after a damaged database
// (Rust: commands/backups.rs). These work even when the database could not be opened.
import { call } from "./ipc";
import type { BackupInfo } from "../bindings/BackupInfo";

/** The backups, newest first. */
export const listBackups = () => call<BackupInfo[]>("list_backups");

export const createBackup = () => call<BackupInfo>("create_backup");

/** Replaces the database with backup `id`; returns where the previous database was moved. */
export const restoreBackup = (id: string) => call<string | null>("restore_backup", { id });

/** Opens a new, empty database after the damaged one was moved aside. */
export const startEmpty = () => call<null>("start_empty");
