"""A compact map of the 34 units for charts: the 2.1 MB boundary file simplified so a briefing pack stays small.

Borders are simplified arc by arc (Douglas–Peucker), so two neighbours share the very same simplified border
and no slivers or gaps open between them; specks of islands are dropped, but the Hoàng Sa and Trường Sa
archipelagos stay on the map as one marker point per island (their reefs would be invisible specks).
Regenerate the shipped file with `python -m dtanalysis.briefings.map_shapes`; the per-province commune slices
with `python -m dtanalysis.briefings.map_shapes --communes data/reference/geo/vn_communes_3321_2025.geojson.gz`.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import defaultdict
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from dtanalysis.inputs import reference

SIMPLIFIED_FILE = "vn_provinces_34_2025_simplified.json"
TOLERANCE_DEG = 0.006  # ≈ 650 m: a fraction of a pixel on a map of the whole country
MIN_AREA_DEG2 = 0.0005  # ≈ 6 km²: smaller islands are specks (Lý Sơn, Phú Quý and larger stay)
DECIMALS = 3  # ≈ 110 m
MARKER_DECIMALS = 2
# Offshore groups drawn as island markers, not polygons (their reefs and banks are specks or thin crescents):
# unit → (name, (west, east, south, north) box holding the centre of every polygon of the group).
ARCHIPELAGOS = {"48": ("Hoàng Sa", (110.0, 119.0, 14.0, 18.0)), "56": ("Trường Sa", (109.4, 119.0, 6.0, 11.2))}

# Communes are drawn one province at a time (≈ 1° across), so a coarser step still reads well; all 3,321 are
# simplified together so neighbours in different provinces keep the same border, then cut into province slices.
COMMUNE_TOLERANCE_DEG = 0.0025  # ≈ 275 m
COMMUNE_MIN_AREA_DEG2 = 0.00005  # ≈ 0.6 km²: smaller islets dropped, except each commune's largest polygon
COMMUNE_DECIMALS = 3

Point = tuple[float, float]


def ring_area(ring: np.ndarray) -> float:
    """Return the planar area (square degrees) enclosed by a ring of (lon, lat) points."""
    x, y = ring[:, 0], ring[:, 1]
    return float(abs(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)) / 2)


def _segment_distance(points: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return each point's distance to the segment a–b (to the point a when a = b)."""
    ab = b - a
    length2 = float(ab @ ab)
    t = np.zeros(len(points)) if length2 == 0 else np.clip((points - a) @ ab / length2, 0, 1)
    return np.hypot(*(points - (a + t[:, None] * ab)).T)


def douglas_peucker(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Return the boolean mask of the points Douglas–Peucker keeps on an open line (both ends always kept)."""
    keep = np.zeros(len(points), dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        distance = _segment_distance(points[first + 1 : last], points[first], points[last])
        farthest = int(np.argmax(distance))
        if distance[farthest] > tolerance:
            split = first + 1 + farthest
            keep[split] = True
            stack += [(first, split), (split, last)]
    return keep


def _simplify_arc(arc: np.ndarray, tolerance: float) -> np.ndarray:
    """Return the kept points of an arc, computed in one canonical direction so both neighbours get the same."""
    first, last = tuple(arc[0].tolist()), tuple(arc[-1].tolist())
    backwards = last < first if first != last else tuple(arc[-2].tolist()) < tuple(arc[1].tolist())
    canonical = arc[::-1] if backwards else arc
    kept = canonical[douglas_peucker(canonical, tolerance)]
    return kept[::-1] if backwards else kept


def _junctions(rings: list[np.ndarray]) -> set[Point]:
    """Return the vertices where a border starts or ends: shared vertices whose neighbours differ between rings."""
    neighbours: dict[Point, frozenset] = {}
    junctions: set[Point] = set()
    for ring in rings:
        points = [tuple(p) for p in ring.tolist()]
        for i, point in enumerate(points):
            pair = frozenset((points[i - 1], points[(i + 1) % len(points)]))
            seen = neighbours.setdefault(point, pair)
            if seen != pair:
                junctions.add(point)
    return junctions


def _simplify_ring(ring: np.ndarray, junctions: set[Point], tolerance: float) -> np.ndarray:
    """Return a ring (open, without the closing point) simplified between its junctions."""
    marks = [i for i, p in enumerate(ring.tolist()) if tuple(p) in junctions]
    if not marks:  # a ring nobody shares: start at its smallest vertex and split it at the farthest one
        start = int(np.lexsort((ring[:, 1], ring[:, 0]))[0])
        ring = np.roll(ring, -start, axis=0)
        far = int(np.argmax(np.hypot(*(ring - ring[0]).T)))
        marks = [0, far] if far > 0 else [0]
    else:
        ring = np.roll(ring, -marks[0], axis=0)
        marks = [m - marks[0] for m in marks]
    closed = np.vstack([ring, ring[:1]])
    bounds = marks + [len(ring)]
    pieces = [_simplify_arc(closed[a : b + 1], tolerance)[:-1] for a, b in zip(bounds[:-1], bounds[1:])]
    return np.vstack(pieces)


def _finish(ring: np.ndarray, decimals: int) -> list[list[float]] | None:
    """Return a closed GeoJSON ring rounded to `decimals` with repeated points removed; None if it collapsed."""
    points = [[round(x, decimals), round(y, decimals)] for x, y in ring.tolist()]
    points = [p for i, p in enumerate(points) if p != points[i - 1]] if len(points) > 1 else points
    if len({tuple(p) for p in points}) < 3:
        return None
    return points + [points[0]]


def _polygons(feature: dict) -> list[np.ndarray]:
    """Return a feature's exterior rings as (n, 2) arrays without the closing point (the source has no holes)."""
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [np.asarray(polygon[0], dtype="float64")[:-1] for polygon in polygons]


def _is_offshore(code: str, ring: np.ndarray, archipelagos: dict) -> bool:
    """Return True when the ring's centre lies in the unit's archipelago box."""
    if code not in archipelagos:
        return False
    west, east, south, north = archipelagos[code][1]
    lon, lat = ring.mean(axis=0)
    return bool(west <= lon <= east and south <= lat <= north)


def _select(
    code: str, rings: list[np.ndarray], min_area: float, archipelagos: dict
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Return (rings kept as polygons, polygons of the unit's archipelago) for one unit."""
    offshore = [r for r in rings if _is_offshore(code, r, archipelagos)]
    onshore = [r for r in rings if not _is_offshore(code, r, archipelagos)]
    areas = [ring_area(r) for r in onshore]
    largest = int(np.argmax(areas))
    return [r for i, (r, a) in enumerate(zip(onshore, areas)) if a >= min_area or i == largest], offshore


def simplify(
    collection: dict,
    *,
    tolerance: float = TOLERANCE_DEG,
    min_area: float = MIN_AREA_DEG2,
    decimals: int = DECIMALS,
    archipelagos: dict = ARCHIPELAGOS,
    keep_properties: tuple[str, ...] = ("name", "name_en"),
    name: str = "vn_provinces_34_2025_simplified",
    source: str = "vn_provinces_34_2025.geojson",
) -> dict:
    """Return the simplified FeatureCollection (MultiPolygons; archipelago marker points in `properties`)."""
    features = sorted(collection["features"], key=lambda f: f["id"])
    chosen = {f["id"]: _select(f["id"], _polygons(f), min_area, archipelagos) for f in features}
    junctions = _junctions([ring for kept, _ in chosen.values() for ring in kept])
    out = []
    for feature in features:
        code = feature["id"]
        kept, offshore = chosen[code]
        polygons = []
        for ring in kept:
            step = tolerance
            finished = _finish(_simplify_ring(ring, junctions, step), decimals)
            while finished is None and step > tolerance / 64:  # a small island: keep its shape, coarsely
                step /= 2
                finished = _finish(_simplify_ring(ring, junctions, step), decimals)
            if finished is not None:
                polygons.append([finished])
        props = feature["properties"]
        properties = {"code": code, **{key: props[key] for key in keep_properties}}
        if offshore:
            markers = sorted(
                {
                    (round(float(r[:, 0].mean()), MARKER_DECIMALS), round(float(r[:, 1].mean()), MARKER_DECIMALS))
                    for r in offshore
                }
            )
            properties["archipelago"] = {"name": archipelagos[code][0], "points": [list(p) for p in markers]}
        out.append(
            {
                "type": "Feature",
                "id": code,
                "properties": properties,
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    return {
        "type": "FeatureCollection",
        "name": name,
        "simplification": {
            "method": "Douglas-Peucker per shared arc",
            "tolerance_deg": tolerance,
            "min_island_area_deg2": min_area,
            "decimals": decimals,
            "source": source,
        },
        "features": out,
    }


def dumps(collection: dict) -> str:
    """Return the compact, deterministic JSON text the shipped file holds."""
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


def shipped_path() -> Path:
    """Return the path of the shipped simplified file inside the package."""
    return Path(str(resources.files("dtanalysis") / "reference_data" / "geo" / SIMPLIFIED_FILE))


def regenerate(path: Path | str | None = None) -> Path:
    """Return the path written after simplifying the full boundaries into `path` (default: the shipped file)."""
    path = Path(path) if path is not None else shipped_path()
    path.write_text(dumps(simplify(reference.boundaries())), encoding="utf-8")
    return path


def commune_slices(collection: dict) -> dict[str, dict]:
    """Return the simplified commune boundaries cut into one FeatureCollection per province code."""
    simplified_all = simplify(
        collection,
        tolerance=COMMUNE_TOLERANCE_DEG,
        min_area=COMMUNE_MIN_AREA_DEG2,
        decimals=COMMUNE_DECIMALS,
        archipelagos={},
        keep_properties=("name", "name_en", "province_code"),
        name="vn_communes_3321_2025_simplified",
        source="vn_communes_3321_2025.geojson",
    )
    by_province: dict[str, list[dict]] = defaultdict(list)
    for feature in simplified_all["features"]:
        by_province[feature["properties"]["province_code"]].append(feature)
    return {
        code: {**simplified_all, "name": f"vn_communes_{code}_2025_simplified", "features": features}
        for code, features in sorted(by_province.items())
    }


def read_geojson(path: Path | str) -> dict:
    """Return a GeoJSON file's content, gzip-compressed (`.gz`) or not."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def commune_slices_dir() -> Path:
    """Return the folder of the shipped per-province commune slices inside the package."""
    return Path(str(resources.files("dtanalysis") / "reference_data" / "geo" / "communes"))


def regenerate_communes(source: Path | str, folder: Path | str | None = None) -> list[Path]:
    """Return the slice files written after simplifying the full commune boundaries in `source`."""
    folder = Path(folder) if folder is not None else commune_slices_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for code, collection in commune_slices(read_geojson(source)).items():
        path = folder / f"{code}.json"
        path.write_text(dumps(collection), encoding="utf-8")
        written.append(path)
    return written


@cache
def simplified() -> dict:
    """Return the shipped simplified FeatureCollection."""
    return json.loads(shipped_path().read_text(encoding="utf-8"))


@cache
def outlines() -> dict[str, list[np.ndarray]]:
    """Return per unit code its simplified polygons, each a read-only (n, 2) array of (lon, lat), ring closed."""
    result = {}
    for feature in simplified()["features"]:
        rings = []
        for polygon in feature["geometry"]["coordinates"]:
            ring = np.asarray(polygon[0], dtype="float64")
            ring.flags.writeable = False
            rings.append(ring)
        result[feature["id"]] = rings
    return result


@cache
def archipelagos() -> dict[str, tuple[str, np.ndarray]]:
    """Return per unit code that has one its archipelago's name and a read-only (n, 2) array of island points."""
    result = {}
    for feature in simplified()["features"]:
        group = feature["properties"].get("archipelago")
        if group:
            points = np.asarray(group["points"], dtype="float64")
            points.flags.writeable = False
            result[feature["id"]] = (group["name"], points)
    return result


@cache
def commune_outlines(province_code: str) -> dict[str, tuple[str, list[np.ndarray]]]:
    """Return per 2025 commune code of a province its name and simplified polygons (read-only (n, 2) arrays)."""
    path = commune_slices_dir() / f"{province_code}.json"
    if not path.is_file():
        return {}
    result = {}
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        rings = []
        for polygon in feature["geometry"]["coordinates"]:
            ring = np.asarray(polygon[0], dtype="float64")
            ring.flags.writeable = False
            rings.append(ring)
        result[feature["properties"]["code"]] = (feature["properties"]["name"], rings)
    return result


def main(argv: list[str] | None = None) -> None:
    """Regenerate the shipped simplified file (or, with --communes SOURCE, the commune slices) and print sizes."""
    parser = argparse.ArgumentParser(prog="python -m dtanalysis.briefings.map_shapes")
    parser.add_argument("--communes", metavar="SOURCE", help="full commune GeoJSON (.geojson or .geojson.gz)")
    args = parser.parse_args(argv)
    if args.communes:
        paths = regenerate_communes(args.communes)
        size = sum(p.stat().st_size for p in paths)
        print(f"wrote {len(paths)} commune slices to {commune_slices_dir()} ({size:,} bytes)")
        return
    path = regenerate()
    collection = simplified.__wrapped__()
    vertices = sum(len(p[0]) for f in collection["features"] for p in f["geometry"]["coordinates"])
    print(f"wrote {path} ({path.stat().st_size:,} bytes, {len(collection['features'])} units, {vertices:,} vertices)")


if __name__ == "__main__":
    main()
