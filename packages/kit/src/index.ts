// Browser-safe: the web device bundles this entry. Node-only helpers (files, PNG) are in ./node.ts.
// Control catalog (kit-extras)
export {
  listControls,
  getControlDoc,
  closestControlType,
  UnknownControlTypeError,
  type ControlDoc,
  type ControlSummary,
  type ControlCategory,
  type FieldDoc,
} from "./catalog/catalog.js";
export { formatControlDoc, formatControlList } from "./catalog/format.js";

// Connection artifacts and pairing (kit-extras). `Connection` is the parsed artifact (a class);
// the layout block's JSON type is `LayoutConnectionBlock`.
export { Connection, type ConnectionKind, type ConnectionFields } from "./connection/connection.js";
export { ConnectionError, gatewayValidatorUrl, safeUrl } from "./connection/checks.js";
export {
  parseConnection,
  type ConnectionOverrides,
  type ParseConnectionOptions,
} from "./connection/parse.js";
export {
  toLayoutBlock,
  toPairingPayload,
  toClientOptions,
  type LayoutConnectionBlock,
  type PairingPayload,
  type ConnectionClientOptions,
  type LayoutBlockOptions,
  type PairingOptions,
  type ClientOptionsOptions,
} from "./connection/emit.js";

// Layout types, schema and walker (kit core)
export {
  CONTROL_TYPES,
  LayoutModule,
  LayoutSchema,
  TabSchema,
  GridSchema,
  GroupSchema,
  PopupSchema,
  ChildSchema,
  ControlSchema,
  SyncBindingSchema,
  ActionSchema,
  ConnectionSchema,
  type Layout,
  type Tab,
  type Grid,
  type Group,
  type Popup,
  type Child,
  type Control,
  type ControlType,
  type ControlOf,
  type SyncBinding,
  type Action,
  type Connection as LayoutConnection,
  type Identity as LayoutIdentity,
  type Visibility,
  type Pulse,
  type CanvasItem,
  type DragEvents,
  type Source,
  type LayoutState,
  type PollGroup,
  type DynamicTab,
  type Publisher,
  type Alert,
  type Glance,
  type Appearance,
  type Theme,
} from "./schema/types.js";
export {
  walkLayout,
  walkTab,
  isGroupNode,
  placementGrid,
  readSpan,
  DEFAULT_GRID,
  type WalkInfo,
  type WalkOptions,
  type Visitor,
  type Nesting,
  type PlacementGrid,
  type JsonObject,
} from "./walk.js";
export { readLayout, normalizeLayout, parseJson, LayoutSyntaxError } from "./read.js";
export {
  readLayoutColor,
  parseHex,
  toHex,
  relativeLuminance,
  contrastRatio,
  type LayoutColor,
  type Rgb,
} from "./color.js";
export { writeLayout } from "./write.js";
export {
  validateLayout,
  formatFindings,
  STRUCTURAL_CODES,
  type ValidateOptions,
  type ValidationResult,
  type Finding,
  type FindingCode,
  type Severity,
} from "./validate/index.js";

// Layout builder (kit-extras)
export {
  layout,
  LayoutBuilder,
  type LayoutOptions,
  type TabOptions,
  type PollGroupOptions,
} from "./builder/layout-builder.js";
export { GridBuilder, group, panel, type Fill, type GroupOptions } from "./builder/containers.js";
export { GridPlacer, PlacementError } from "./builder/placement.js";
export {
  LayoutBuildError,
  compileListen,
  compileSend,
  type ListenSpec,
  type SendSpec,
} from "./builder/wiring.js";
export {
  control,
  type ControlOptions,
  type ControlFactory,
  type WiringSugar,
  accordion,
  boxPlot,
  button,
  camera,
  canvas,
  cardList,
  carousel,
  chart,
  chat,
  chord,
  colorPicker,
  compass,
  datePicker,
  divider,
  flipCard,
  gantt,
  gauge,
  graph,
  heatmap,
  image,
  joystick,
  label,
  list,
  logConsole,
  map,
  picker,
  pieChart,
  pinboard,
  progressRing,
  qrCode,
  radar,
  sankey,
  segmentedControl,
  slider,
  sortboard,
  spacer,
  sparkline,
  statusLight,
  stepper,
  textInput,
  toggle,
  treemap,
  webView,
} from "./builder/controls.js";

// Wire contract of a layout (triggers, feeds, dynamic groups, app-direct bindings)
export {
  extractContract,
  redactConnection,
  controlValueKind,
  exampleValue,
  placeAtPath,
  REDACTED,
  type LayoutContract,
  type Trigger,
  type TriggerToken,
  type Feed,
  type DynamicGroup,
  type AppDirectBinding,
  type RedactedConnection,
  type WireKind,
} from "./contract/contract.js";
export {
  compareEcho,
  asRenderedSummary,
  type RenderedSummary,
  type EchoComparison,
} from "./contract/echo.js";
