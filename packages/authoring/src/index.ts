// Pure TypeScript, no DOM: runs in Node and in browsers (the editor bundles it).
export {
  createDocument,
  LayoutDocument,
  type DocumentOptions,
  type ChangeOptions,
  type BatchOptions,
  type ChangeKind,
  type LogEntry,
  type ChangeEvent,
  type ApplyResult,
  type BatchResult,
  type SnapshotInfo,
  type Listener,
} from "./document.js";
export {
  OPERATION_NAMES,
  type Operation,
  type OperationName,
  type AddControlOp,
  type UpdateControlOp,
  type RemoveControlOp,
  type MoveControlOp,
  type AddGroupOp,
  type SetPopupOp,
  type AddTabOp,
  type UpdateTabOp,
  type RemoveTabOp,
  type ReorderTabOp,
  type SetAppearanceOp,
  type SetThemeOp,
  type SetConnectionOp,
  type SetStateOp,
  type UpdateLayoutOp,
  type ReplaceLayoutOp,
  type Cell,
  type TabRef,
  type GridRef,
  type NodeRef,
  type ControlInput,
  type GroupInput,
  type TabInput,
  type PopupInput,
} from "./operations.js";
export type { OperationOutcome } from "./plan.js";
export { AuthoringError, type AuthoringErrorCode } from "./errors.js";
export { formatOccupancy, positionOf, type Occupancy, type OccupancyItem } from "./occupancy.js";
export { indexLayout, type LayoutIndex, type NodeEntry } from "./layout-index.js";
export {
  applyPatch,
  applyPatchWithInverse,
  PatchError,
  parsePointer,
  toPointer,
  getAt,
  type JsonPatch,
  type JsonPatchOperation,
} from "./patch.js";
