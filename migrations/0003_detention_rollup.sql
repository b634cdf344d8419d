-- Dashboard rollup of the Registro Nacional de Detenciones: counts per entidad, day and month, one row per
-- breakdown value, maintained in the SAME transaction as every write to detentions (registration, new version,
-- custody event), so the dashboard and the monthly report read a few thousand rows instead of millions and are
-- never stale. Legal-deadline flags are split: a flag whose clock has stopped (puesta recorded, release recorded…)
-- has a fixed value and is counted here; for a clock still running the rollup counts the running clock, and the query
-- subtracts those not yet overdue at the current time — the recent ones, found through the partial indexes below.
-- Rebuilt from detentions by the module when the configured thresholds change (settings key detentions.rollup_rules).
CREATE TABLE detention_rollup (
  entidad    char(2) NOT NULL,
  grain      char(1) NOT NULL CHECK (grain IN ('d', 'm')),   -- d: periodo is a day; m: periodo is the first day of a month
  periodo    date NOT NULL,
  dim        text NOT NULL CHECK (dim IN ('total', 'municipio', 'tipo', 'institution', 'lag', 'offence')),
  value      text NOT NULL,                                   -- '' for total (and for a missing municipality)
  n          integer NOT NULL,
  registro_tardio        integer NOT NULL,                    -- flags whose clock has stopped, true
  puesta_demorada        integer NOT NULL,
  arresto_excedido       integer NOT NULL,
  retencion_mp_excedida  integer NOT NULL,
  running_puesta         integer NOT NULL,                    -- clocks still running (no puesta nor release yet…)
  running_arresto        integer NOT NULL,
  running_retencion      integer NOT NULL,
  PRIMARY KEY (entidad, grain, periodo, dim, value)
);
-- Reads go by grain, breakdown and date range (all entidades at once for national dashboards).
CREATE INDEX detention_rollup_read_idx ON detention_rollup (grain, dim, periodo)
  INCLUDE (entidad, value, n, registro_tardio, puesta_demorada, arresto_excedido, retencion_mp_excedida, running_puesta, running_arresto, running_retencion);

-- Detentions with at least one legal clock still running (no release recorded, and a puesta, an administrative
-- arrest or a Ministerio Público retention still open): the only rows whose flags depend on the current time.
CREATE INDEX detentions_running_idx ON detentions (fecha_detencion, entidad)
  INCLUDE (institution_id, tipo, registro_lag_min, fecha_hora_detencion, puesta_at, mp_at, juez_control_at, libertad_at, extended_retention)
  WHERE libertad_at IS NULL
    AND (puesta_at IS NULL OR (tipo = 'falta_administrativa' AND mp_at IS NULL AND juez_control_at IS NULL) OR (mp_at IS NOT NULL AND juez_control_at IS NULL));

-- Detentions at the Ministerio Público's disposal with the retention clock running, by the moment it started.
CREATE INDEX detentions_mp_running_idx ON detentions (mp_at) INCLUDE (entidad, fecha_detencion, institution_id, extended_retention)
  WHERE mp_at IS NOT NULL AND juez_control_at IS NULL AND libertad_at IS NULL;
