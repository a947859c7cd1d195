// MapLibre's web workers parse a large script before a map can load its sources. Started at app
// start, they are ready by the time the passphrase has been typed and the store opened, instead
// of delaying the first map frame.
import * as maplibregl from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";

export function prewarmMap(): void {
  maplibregl.setWorkerUrl(workerUrl);
  maplibregl.prewarm();
}
