// Mocked backend states for the link review: pairs of records from different sources that the
// linker could not decide, best first. The first pair's incident is the main screen's first
// row, so its detail can be opened after a confirm.
import { SCENARIOS } from "./scenarios.mjs";

const side = (id, occurred_at, category, source, description, address, lon, lat) => ({
  id,
  occurred_at,
  category,
  source,
  description,
  address,
  lon,
  lat,
});

const parts = (distance_m, minutes, space, time, category, text) => ({
  total: 0.35 * space + 0.3 * time + 0.2 * category + 0.15 * text,
  space,
  time,
  category,
  text,
  distance_m,
  minutes,
});

export const PAIRS = [
  {
    id: "0190b000-0000-7000-8000-00000000000a",
    score: 0.4861,
    parts: parts(55.3, 30, 0.566, 0.667, 0.5, 0.1),
    incident: side(
      "0190a000-0000-7000-8000-000000000000",
      "2024-03-04T21:15:00-03:00",
      "dmcs.robo_violencia",
      "Patrullaje municipal",
      "Le arrebatan el celular",
      "Av. Providencia 1234",
      -70.6127,
      -33.4262,
    ),
    candidate: side(
      "0190a000-0000-7000-8000-0000000000c1",
      "2024-03-04T21:45:00-03:00",
      "dmcs.hurto",
      "Denuncias ciudadanas",
      "Me amenazaron en la esquina",
      "Providencia con Lyon",
      -70.6127,
      -33.4257,
    ),
  },
  {
    id: "0190b000-0000-7000-8000-00000000000b",
    score: 0.4402,
    parts: parts(112.8, 12, 0.115, 0.867, 0.5, 0.2),
    incident: side(
      "0190a000-0000-7000-8000-000000000001",
      "2024-03-05T10:05:00-03:00",
      "dmcs.hurto",
      "Cámaras municipales",
      "Sujeto sustrae mochila en paradero",
      null,
      -70.6078,
      -33.4218,
    ),
    candidate: side(
      "0190a000-0000-7000-8000-0000000000c2",
      "2024-03-05T10:17:00-03:00",
      "dmcs.robo_violencia",
      "Denuncias ciudadanas",
      "Vecina asaltada saliendo del metro",
      "Providencia con Los Leones",
      -70.6088,
      -33.4213,
    ),
  },
  {
    id: "0190b000-0000-7000-8000-00000000000c",
    score: 0.3811,
    parts: parts(40, 75, 0.686, 0.167, 0.6, 0),
    incident: side(
      "0190a000-0000-7000-8000-000000000002",
      "2024-03-06T23:40:00-03:00",
      "inc.danos",
      "Patrullaje municipal",
      "Rayados en fachada",
      "Av. Italia 1500",
      -70.6201,
      -33.4431,
    ),
    candidate: side(
      "0190a000-0000-7000-8000-0000000000c3",
      "2024-03-07T00:55:00-03:00",
      "inc.danos",
      "Denuncias ciudadanas",
      "",
      "Italia con Sucre",
      -70.6205,
      -33.4429,
    ),
  },
];

export const LINKS_STORE = { ...SCENARIOS.bigStore, links: { pairs: PAIRS } };
export const NO_LINKS_STORE = { ...SCENARIOS.keyringStore, links: { pairs: [] } };
