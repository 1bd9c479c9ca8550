import { Carousel } from "./carousel.js";
import { Accordion, FlipCard } from "./containers.js";
import { Button } from "./button.js";
import { Camera } from "./camera.js";
import { MapControl } from "./map.js";
import { Canvas } from "./canvas.js";
import { Chat } from "./chat.js";
import { Compass } from "./compass.js";
import { Joystick } from "./joystick.js";
import { Pinboard } from "./pinboard.js";
import { Sortboard } from "./sortboard.js";
import { WebView } from "./web-view.js";
import { BoxPlot } from "./box-plot.js";
import { Chord } from "./chord.js";
import { Gantt } from "./gantt.js";
import { Heatmap } from "./heatmap.js";
import { Radar } from "./radar.js";
import { Sankey } from "./sankey.js";
import { Treemap } from "./treemap.js";
import { CardList } from "./card-list.js";
import { Chart } from "./chart.js";
import { ColorPicker } from "./color-picker.js";
import { DatePicker } from "./date-picker.js";
import { Divider, Spacer } from "./divider.js";
import { Gauge } from "./gauge.js";
import { Graph } from "./graph.js";
import { ImageControl } from "./image.js";
import { Label } from "./label.js";
import { List } from "./list.js";
import { LogConsole } from "./log-console.js";
import { Picker } from "./picker.js";
import { PieChart } from "./pie-chart.js";
import { ProgressRing } from "./progress-ring.js";
import { QrCode } from "./qr-code.js";
import { SegmentedControl } from "./segmented-control.js";
import { Slider } from "./slider.js";
import { Sparkline } from "./sparkline.js";
import { StatusLight } from "./status-light.js";
import { Stepper } from "./stepper.js";
import { TextInput } from "./text-input.js";
import { Toggle } from "./toggle.js";
import type { ControlComponent } from "./types.js";

/** Components by control type. Types without an entry render a placeholder naming the type. */
export const controlComponents: Record<string, ControlComponent> = {
  label: Label,
  button: Button,
  toggle: Toggle,
  slider: Slider,
  stepper: Stepper,
  segmentedControl: SegmentedControl,
  picker: Picker,
  textInput: TextInput,
  datePicker: DatePicker,
  colorPicker: ColorPicker,
  gauge: Gauge,
  progressRing: ProgressRing,
  sparkline: Sparkline,
  statusLight: StatusLight,
  logConsole: LogConsole,
  list: List,
  cardList: CardList,
  image: ImageControl,
  qrCode: QrCode,
  chart: Chart,
  pieChart: PieChart,
  graph: Graph,
  heatmap: Heatmap,
  radar: Radar,
  boxPlot: BoxPlot,
  gantt: Gantt,
  sankey: Sankey,
  treemap: Treemap,
  chord: Chord,
  joystick: Joystick,
  compass: Compass,
  sortboard: Sortboard,
  pinboard: Pinboard,
  canvas: Canvas,
  webView: WebView,
  chat: Chat,
  map: MapControl,
  camera: Camera,
  divider: Divider,
  spacer: Spacer,
  accordion: Accordion,
  carousel: Carousel,
  flipCard: FlipCard,
};

/**
 * Types whose component draws its own text in place of the card header (button text, divider
 * rule label, label text/placeholder, the label beside a switch or stepper, so their touch
 * targets get the card's full height, the caption below a QR code) or has no content at all: the
 * card shows no label for them.
 */
export const SELF_LABELLED_TYPES: ReadonlySet<string> = new Set([
  "button",
  "divider",
  "spacer",
  "label",
  "toggle",
  "stepper",
  "qrCode",
]);

/** Types the card should draw without its glass background by default (cardList: `hideBackground` true). */
export const BACKGROUNDLESS_TYPES: ReadonlySet<string> = new Set(["divider", "spacer", "cardList"]);
