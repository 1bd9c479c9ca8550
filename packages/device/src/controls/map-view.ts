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

export class MapView {
  private readonly map: L.Map;
  private readonly overlay = L.layerGroup();
  private grid: L.GridLayer | null = null;
  private fitted = false;
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
    this.overlay.addTo(this.map);
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

  /** Redraws markers and paths; `recenter` decides whether the view fits the new points. */
  update(data: MapData | undefined, recenter: string): void {
    this.overlay.clearLayers();
    if (!data) return;
    const points: L.LatLngExpression[] = [];
    for (const path of data.paths) {
      L.polyline(path.points, { color: path.color ?? this.options.tint, weight: 3 }).addTo(this.overlay);
      points.push(...path.points);
    }
    for (const m of data.markers) {
      const marker = L.circleMarker([m.lat, m.lng], {
        radius: m.size / 2,
        color: "#fff",
        weight: 2,
        fillColor: m.color ?? this.options.tint,
        fillOpacity: 1,
        className: `cc-map-marker${m.ripple ? " is-ripple" : ""}`,
      });
      if (m.label) marker.bindTooltip(m.label, { direction: "top" });
      marker.addTo(this.overlay);
      points.push([m.lat, m.lng]);
    }
    if (points.length === 0 && data.center) {
      L.circleMarker(data.center, {
        radius: 6,
        color: "#fff",
        weight: 2,
        fillColor: this.options.tint,
        fillOpacity: 1,
      }).addTo(this.overlay);
      points.push(data.center);
    }
    const center = JSON.stringify(data.center ?? null);
    const centerChanged = center !== this.lastCenter;
    this.lastCenter = center;
    const fit =
      recenter === "always" ||
      (recenter === "initial" && !this.fitted) ||
      (recenter === "auto" && (!this.fitted || centerChanged || !this.allVisible(points)));
    if (!fit || points.length === 0) return;
    this.fitted = true;
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
  }

  private allVisible(points: L.LatLngExpression[]): boolean {
    const view = this.map.getBounds();
    return points.every((p) => view.contains(p));
  }

  resize(): void {
    this.map.invalidateSize();
  }

  dispose(): void {
    this.map.remove();
  }
}
