// How an area reads on screen, from the store's catalogue: a cuadrante as "C05 · Cuadrante 5"
// (its code is what people quote), a barrio by its name (its code is internal); a code the
// catalogue does not hold stays as it is.
import type { ViewCatalog } from "./api";

export function areaLabeler(catalog: ViewCatalog | null): (code: string) => string {
  return (code) => {
    const cuadrante = catalog?.cuadrantes.find((a) => a.code === code);
    if (cuadrante) return `${cuadrante.code} · ${cuadrante.name}`;
    return catalog?.barrios.find((a) => a.code === code)?.name ?? code;
  };
}
