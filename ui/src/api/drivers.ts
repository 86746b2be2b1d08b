// Decision drivers: add (custom or template), edit, reorder, remove (Rust: commands/drivers.rs).
import { call } from "./ipc";
import type { DriverEdit } from "../bindings/DriverEdit";
import type { NewDriver } from "../bindings/NewDriver";
import type { SessionDetail } from "../bindings/SessionDetail";

export const addDriver = (sessionId: string, newDriver: NewDriver) =>
  call<SessionDetail>("add_driver", { sessionId, new: newDriver });

export const addTemplateDriver = (sessionId: string, templateKey: string) =>
  call<SessionDetail>("add_template_driver", { sessionId, templateKey });

export const updateDriver = (id: string, edit: DriverEdit) =>
  call<SessionDetail>("update_driver", { id, edit });

export const moveDriver = (id: string, index: number) => call<SessionDetail>("move_driver", { id, index });

export const removeDriver = (id: string) => call<SessionDetail>("remove_driver", { id });
