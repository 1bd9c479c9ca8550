/**
 * The Leaflet side of the map control, loaded on demand so layouts without a map never download
 * it. Tiles come from `mapConfig.tileUrl`; without one, or once tiles fail to load, a plain
 * coordinate grid drawn locally stands in, so the markers always have a frame of reference.
 */
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import type { MapData } from "./map-data.js";

export interface MapViewOptions {
  tileUrl?: string;
  interactive: boolean;
  tint: string;
  /** Degrees the view spans around a single point (`mapZoom`). */
  singleSpan: number;
}

const GRID_STEPS = [30, 10, 5, 2, 1, 0.5, 0.1, 0.05, 0.01, 0.005, 0.001, 0.0005, 0.0001];

/** Coordinate lines every few degrees, chosen by zoom, drawn per tile. */
const CoordinateGrid = L.GridLayer.extend({
  createTile(coords: L.Coords) {
    const tile = document.createElement("canvas");
    const size = this.getTileSize() as L.Point;
    tile.width = size.x;
    tile.height = size.y;
    const g = tile.getContext("2d")!;
    const map = this._map as L.Map;
    const nw = map.unproject([coords.x * size.x, coords.y * size.y], coords.z);
    const se = map.unproject([(coords.x + 1) * size.x, (coords.y + 1) * size.y], coords.z);
    // The coarsest step that still puts two or more lines across the tile.
    const span = se.lng - nw.lng;
    const step = GRID_STEPS.find((s) => span / s >= 2) ?? GRID_STEPS[GRID_STEPS.length - 1];
    g.strokeStyle = "rgba(128,128,128,0.35)";
    g.fillStyle = "rgba(128,128,128,0.8)";
    g.font = "10px sans-serif";
    for (let lng = Math.ceil(nw.lng / step) * step; lng <= se.lng; lng += step) {
      const x = ((lng - nw.lng) / (se.lng - nw.lng)) * size.x;
      g.beginPath();
      g.moveTo(x, 0);
      g.lineTo(x, size.y);
      g.stroke();
      g.fillText(`${Number(lng.toFixed(3))}°`, x + 2, 10);
    }
    for (let lat = Math.ceil(se.lat / step) * step; lat <= nw.lat; lat += step) {
      const y = map.project([lat, nw.lng], coords.z).y - coords.y * size.y;
      g.beginPath();
      g.moveTo(0, y);
      g.lineTo(size.x, y);
      g.stroke();
      g.fillText(`${Number(lat.toFixed(3))}°`, 2, y - 2);
    }
    return tile;
  },
});

/** `mapConfig.motion` / `motionDuration`. */
export interface Motion {
  enabled: boolean;
  seconds: number;
}

interface PlacedMarker {
  layer: L.CircleMarker;
  glide?: { from: L.LatLng; to: L.LatLng; start: number; ms: number };
}

export class MapView {
  private readonly map: L.Map;
  private readonly overlay = L.layerGroup();
  private readonly paths = L.layerGroup();
  private readonly markers = new Map<string, PlacedMarker>();
  private grid: L.GridLayer | null = null;
  private fitted = false;
  private fitting = false;
  private userMoved = false;
  private frame = 0;
  private lastCenter = "";

  constructor(
    host: HTMLElement,
    private readonly options: MapViewOptions,
  ) {
    const interactive = options.interactive;
    this.map = L.map(host, {
      attributionControl: false,
      zoomControl: interactive,
      dragging: interactive,
      scrollWheelZoom: interactive,
      doubleClickZoom: interactive,
      touchZoom: interactive,
      keyboard: interactive,
    }).setView([0, 0], 1);
    this.paths.addTo(this.map);
    this.overlay.addTo(this.map);
    // A pan or zoom the device did not make itself ends `recenter: "auto"` following.
    this.map.on("dragstart zoomstart", () => {
      if (!this.fitting) this.userMoved = true;
    });
    if (options.tileUrl) {
      let loaded = false;
      const tiles = L.tileLayer(options.tileUrl, { maxZoom: 19 });
      tiles.on("tileload", () => (loaded = true));
      tiles.on("tileerror", () => {
        if (!loaded) this.showGrid();
      });
      tiles.addTo(this.map);
    } else {
      this.showGrid();
    }
  }

  private showGrid(): void {
    if (this.grid) return;
    this.grid = new (CoordinateGrid as unknown as new (o: L.GridLayerOptions) => L.GridLayer)({
      className: "cc-map-grid",
    });
    this.grid.addTo(this.map);
    this.map.getContainer().dataset.offline = "";
  }

  /**
   * Redraws paths and moves markers: a marker keeps its Leaflet layer across updates by identity
   * (`id`, else its place in the list), so with `motion` it glides from where it is to the new
   * point over `motion.seconds` instead of teleporting. `recenter` decides whether the view fits
   * the new points; `auto` stops following once the user pans or zooms.
   */
  update(
    data: MapData | undefined,
    recenter: string,
    motion: Motion = { enabled: false, seconds: 1.2 },
  ): void {
    this.paths.clearLayers();
    const markers = data?.markers ?? [];
    const seen = new Set<string>();
    const points: L.LatLngExpression[] = [];
    for (const path of data?.paths ?? []) {
      L.polyline(path.points, { color: path.color ?? this.options.tint, weight: 3 }).addTo(this.paths);
      points.push(...path.points);
    }
    markers.forEach((m, index) => {
      const key = m.id ?? `#${index}`;
      seen.add(key);
      const to = L.latLng(m.lat, m.lng);
      points.push(to);
      const style = {
        radius: m.size / 2,
        fillColor: m.color ?? this.options.tint,
        className: `cc-map-marker${m.ripple ? " is-ripple" : ""}`,
      };
      const known = this.markers.get(key);
      if (!known) {
        const layer = L.circleMarker(to, { ...style, color: "#fff", weight: 2, fillOpacity: 1 });
        if (m.label) layer.bindTooltip(m.label, { direction: "top" });
        layer.addTo(this.overlay);
        this.markers.set(key, { layer });
        return;
      }
      known.layer.setStyle({ fillColor: style.fillColor });
      known.layer.setRadius(style.radius);
      known.layer.getElement()?.classList.toggle("is-ripple", m.ripple);
      if (m.label) {
        if (known.layer.getTooltip()) known.layer.setTooltipContent(m.label);
        else known.layer.bindTooltip(m.label, { direction: "top" });
      } else known.layer.unbindTooltip();
      const from = known.layer.getLatLng();
      if (from.equals(to)) {
        delete known.glide;
      } else if (motion.enabled && motion.seconds > 0) {
        known.glide = { from, to, start: performance.now(), ms: motion.seconds * 1000 };
        this.animate();
      } else {
        delete known.glide;
        known.layer.setLatLng(to);
      }
    });
    for (const [key, known] of this.markers) {
      if (seen.has(key)) continue;
      known.layer.remove();
      this.markers.delete(key);
    }
    if (markers.length === 0 && data?.center) {
      L.circleMarker(data.center, {
        radius: 6,
        color: "#fff",
        weight: 2,
        fillColor: this.options.tint,
        fillOpacity: 1,
      }).addTo(this.paths);
      points.push(data.center);
    }
    const center = JSON.stringify(data?.center ?? null);
    const centerChanged = center !== this.lastCenter;
    this.lastCenter = center;
    const fit =
      recenter === "always" ||
      (recenter === "initial" && !this.fitted) ||
      (recenter === "auto" && !this.userMoved && (!this.fitted || centerChanged || !this.allVisible(points)));
    if (!fit || points.length === 0) return;
    this.fitted = true;
    this.fitting = true;
    try {
      const bounds = L.latLngBounds(points);
      if (points.length === 1 || bounds.getNorth() - bounds.getSouth() < 1e-9) {
        this.map.fitBounds(
          bounds
            .pad(0)
            .getCenter()
            .toBounds(this.options.singleSpan * 111_000),
          { animate: false },
        );
      } else {
        this.map.fitBounds(bounds, { padding: [20, 20], animate: false });
      }
    } finally {
      this.fitting = false;
    }
  }

  /** One animation loop for every gliding marker (ease-in-out); the host says `data-gliding` meanwhile. */
  private animate(): void {
    if (this.frame !== 0) return;
    const host = this.map.getContainer();
    host.dataset.gliding = "";
    const step = (now: number) => {
      let moving = false;
      for (const known of this.markers.values()) {
        const glide = known.glide;
        if (!glide) continue;
        const t = Math.min(1, (now - glide.start) / glide.ms);
        const eased = t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
        known.layer.setLatLng([
          glide.from.lat + (glide.to.lat - glide.from.lat) * eased,
          glide.from.lng + (glide.to.lng - glide.from.lng) * eased,
        ]);
        if (t < 1) moving = true;
        else delete known.glide;
      }
      if (moving) this.frame = requestAnimationFrame(step);
      else {
        this.frame = 0;
        delete host.dataset.gliding;
      }
    };
    this.frame = requestAnimationFrame(step);
  }

  private allVisible(points: L.LatLngExpression[]): boolean {
    const view = this.map.getBounds();
    return points.every((p) => view.contains(p));
  }

  resize(): void {
    this.map.invalidateSize();
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.map.remove();
  }
}
