// Quick records: a record written directly, without a workshop, and the records one can
// supersede (Rust: commands/quick_records.rs).
import { call } from "./ipc";
import type { Decision } from "../bindings/Decision";
import type { DecisionLink } from "../bindings/DecisionLink";
import type { QuickRecord } from "../bindings/QuickRecord";

export const writeQuickRecord = (quick: QuickRecord) => call<Decision>("write_quick_record", { quick });

export const supersedableRecords = () => call<DecisionLink[]>("supersedable_records");
