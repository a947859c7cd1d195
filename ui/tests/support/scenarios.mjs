// Mocked backend states. Counts are chosen to need thousands separators.
const STORE_PATH = "/home/analista/.local/share/atalaya/atalaya.db";

const category = (code, group, label_es, label_en, count) => ({
  code,
  group,
  label_es,
  label_en,
  count,
});
const group = (code, label_es, label_en, count) => ({ code, label_es, label_en, count });

export const STATS = {
  incidents: 4755,
  first_occurred: "2025-01-03T08:15:00-03:00",
  last_occurred: "2025-12-28T22:40:00-03:00",
  by_category: [
    category(
      "dmcs.robo_vehiculo",
      "dmcs",
      "Robo de vehículo motorizado",
      "Motor vehicle theft",
      89,
    ),
    category("dmcs.hurto", "dmcs", "Hurto", "Larceny", 1234),
    category(
      "dmcs.robo_violencia",
      "dmcs",
      "Robo con violencia o intimidación",
      "Robbery with violence or intimidation",
      567,
    ),
    category(
      "vif.violencia_intrafamiliar",
      "vif",
      "Violencia intrafamiliar",
      "Domestic violence",
      420,
    ),
    category("inc.amenazas", "inc", "Amenazas", "Threats", 2345),
    category("inc.danos", "inc", "Daños", "Criminal damage", 100),
  ],
  by_group: [
    group("dmcs", "Delitos de mayor connotación social", "Crimes of major social concern", 1890),
    group("vif", "Violencia intrafamiliar", "Domestic violence", 420),
    group("inc", "Incivilidades", "Incivilities", 2445),
  ],
  by_cuadrante: [],
  by_source: [],
};

const status = (overrides) => ({
  path: STORE_PATH,
  exists: true,
  needs_passphrase: false,
  unlocked: false,
  ...overrides,
});

/** The sync scenario of a workstation registered with the unit's server as `user` (`role`);
 * `more` adds to it (a field user's `cuadrantes`, …). */
export function registeredSync(user, role, more = {}) {
  return {
    status: {
      server: "https://10.0.0.5:7878",
      registered: true,
      user,
      role,
      pending: 0,
      refusals: [],
      open_conflicts: 0,
      last_attempt_at: null,
      last_sync_at: null,
      last_error: null,
    },
    ...more,
  };
}

export const SCENARIOS = {
  keyringStore: { status: status({}), stats: STATS },
  passphraseStore: {
    status: status({ needs_passphrase: true }),
    passphrase: "cerro san cristóbal",
    stats: STATS,
  },
  missingStore: { status: status({ exists: false }), stats: STATS },
  /** A million incidents: the table must stay virtual. */
  bigStore: {
    status: status({}),
    stats: { ...STATS, incidents: 1_000_000 },
    view: { incidents: 1_000_000 },
  },
};
